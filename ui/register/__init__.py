"""The register's screens: commissioners, organizations, workstations, their record pages and
forms, and the duplicates screen."""
