; The officer's installer (Inno Setup 6.3 or newer): per user without administrator rights, or for
; all users when an administrator chooses so in the first dialog. Built by .github/workflows/windows.yml:
;   iscc /DSourceDir=<the frozen folder> [/DChineseMessages=<ChineseSimplified.isl>] installer.iss
; The version is the one the build wrote into CommissionerDesk.exe, taken from pyproject.toml.

#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\..\dist\CommissionerDesk"
#endif
#define AppExe "CommissionerDesk.exe"
#define AppVersion GetStringFileInfo(AddBackslash(SourceDir) + AppExe, "ProductVersion")
#if AppVersion == ""
  #error No version in the frozen program: build it first (packaging/build.py)
#endif
; Simplified Chinese is one of Inno Setup's own languages from 7.0.2; before, a contributed file.
#ifndef ChineseMessages
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#endif

[Setup]
; Never change the AppId: it is how an upgrade finds the installed program.
AppId={{5B0C6E2A-7D3F-4C86-9E1B-2F4A8D6C3E71}
AppName={cm:AppName}
AppVersion={#AppVersion}
AppVerName={cm:AppName} {#AppVersion}
AppPublisher=Commissioner Desk
VersionInfoVersion={#GetVersionNumbersString(AddBackslash(SourceDir) + AppExe)}
; Setup.exe's own version resource: AppName's {cm:…} would stand there as written
VersionInfoProductName=科技特派员工作台 Commissioner Desk
VersionInfoDescription=科技特派员工作台 Commissioner Desk Setup
; {autopf} is %LOCALAPPDATA%\Programs for one user, Program Files for all users: never the data
; folder %LOCALAPPDATA%\CommissionerDesk (database, backups), which the uninstaller leaves alone.
DefaultDirName={autopf}\CommissionerDesk
DefaultGroupName={cm:AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={cm:AppName}
WizardStyle=modern
ShowLanguageDialog=auto
Compression=lzma2
SolidCompression=yes
OutputDir=Output
OutputBaseFilename=CommissionerDesk-{#AppVersion}-setup

[Languages]
; Chosen by the system's language; asked only when it is neither (Chinese first).
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.AppName=科技特派员工作台
english.AppName=Commissioner Desk
chinesesimplified.FieldPackage=科技特派员现场采集包
english.FieldPackage=Commissioner Desk field package
chinesesimplified.DataKept=卸载不会删除数据库和备份：它们保留在 %1。
english.DataKept=Uninstalling keeps the database and its backups in %1.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{cm:AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Field packages open in the program on a double click (the program opens a .cdpkg named on its
; command line). HKA is HKCU\Software\Classes for one user, HKLM for all users.
Root: HKA; Subkey: "Software\Classes\.cdpkg"; ValueType: string; ValueName: ""; ValueData: "CommissionerDesk.FieldPackage"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cdpkg\OpenWithProgids"; ValueType: string; ValueName: "CommissionerDesk.FieldPackage"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\CommissionerDesk.FieldPackage"; ValueType: string; ValueName: ""; ValueData: "{cm:FieldPackage}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\CommissionerDesk.FieldPackage\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\CommissionerDesk.FieldPackage\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{cm:AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The uninstaller removes only what the installer wrote; it says where the officer's data stays.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\CommissionerDesk')]),
      mbInformation, MB_OK);
end;
