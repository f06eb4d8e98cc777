"""Commissioner Desk (科技特派员工作台): start the GUI, or run a command (see --help)."""

import sys

from app import cli


def main(argv: list[str] | None = None) -> int:
    args = cli.parse_arguments(argv)
    cli.setup_logging(args.verbose)
    if args.command:
        return cli.run(args)
    from ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
