"""`migfix-hook`: the console_scripts entry point the wheel declares for
Alembic's `type = console_scripts` post-write hook (Alembic before 1.12 can
only call a Python entry point). It replaces itself with the native migfix
binary the same wheel put next to the interpreter, so the hook runs exactly
what `migfix` on the command line does."""
import os
import shutil
import sys
import sysconfig


def binary():
    """The wheel's migfix: in the scripts directory of this interpreter's
    environment, else the first on PATH."""
    bundled = os.path.join(sysconfig.get_path("scripts"), "migfix")
    if os.access(bundled, os.X_OK):
        return bundled
    return shutil.which("migfix")


def main():
    found = binary()
    if found is None:
        sys.stderr.write("migfix-hook: no migfix binary next to %s or on PATH\n" % sys.executable)
        return 2
    os.execv(found, [found] + sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
