"""The migfix wheel: the native binary (PCRE2, jansson and inih linked in, so
that only the C library is shared) in the wheel's scripts, where pip puts it on
the environment's PATH, with its templates and man page; and a `migfix-hook`
console_scripts entry point for Alembic's post-write hooks.

Built by scripts/wheel (`python3 -m build --no-isolation`), from a checkout or
from the sdist, which carries the pinned tree-sitter tarballs so that it too
builds offline: scripts/fetch-deps verifies them as it would a download.
"""
import glob
import os
import re
import shutil
import subprocess

from setuptools import setup
from distutils.command.build_scripts import build_scripts  # setuptools re-exports it
from setuptools.command.install_scripts import install_scripts
from setuptools.command.sdist import sdist
from setuptools.dist import Distribution
from wheel.bdist_wheel import bdist_wheel

HERE = os.path.dirname(os.path.abspath(__file__))


def version():
    with open(os.path.join(HERE, "CMakeLists.txt")) as f:
        return re.search(r"project\(migfix VERSION (\S+)", f.read()).group(1)


def deps_dir():
    """$MIGFIX_DEPS_DIR, else the sdist's tarballs, else where a checkout's
    build keeps them (scripts/fetch-deps verifies them in any case)."""
    if os.environ.get("MIGFIX_DEPS_DIR"):
        return os.environ["MIGFIX_DEPS_DIR"]
    shipped = os.path.join(HERE, "deps")
    return shipped if os.path.isdir(shipped) else os.path.join(HERE, "build", "deps")


class NativeDistribution(Distribution):
    def has_scripts(self):
        return True  # the binary build_native makes

    def has_ext_modules(self):
        return True  # so the wheel is tagged for this platform


class build_native(build_scripts):
    """Builds migfix with cmake and copies the binary as it is (setuptools
    would read a script as Python text to rewrite its #! line)."""

    def run(self):
        build = os.path.join(HERE, "build", "wheel")
        subprocess.run(["cmake", "-S", HERE, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
                        "-DBUILD_TESTING=OFF", "-DMIGFIX_STATIC_DEPS=ON",
                        "-DMIGFIX_DEPS_DIR=" + deps_dir()], check=True)
        subprocess.run(["cmake", "--build", build, "--target", "migfix", "-j",
                        str(os.cpu_count() or 1)], check=True)
        os.makedirs(self.build_dir, exist_ok=True)
        target = os.path.join(self.build_dir, "migfix")
        shutil.copy2(os.path.join(build, "migfix"), target)
        os.chmod(target, 0o755)

    def get_source_files(self):
        return []  # the sdist gets the sources from MANIFEST.in

    def get_outputs(self, *args):
        return [os.path.join(self.build_dir, "migfix")]


class install_native(install_scripts):
    """setuptools installs only Python scripts; the binary is copied too."""

    def run(self):
        super().run()
        self.run_command("build_scripts")
        self.outfiles += self.copy_tree(self.build_dir, self.install_dir)


class platform_wheel(bdist_wheel):
    """py3-none-PLATFORM: any Python 3 can install it, the binary decides the
    platform."""

    def get_tag(self):
        return "py3", "none", bdist_wheel.get_tag(self)[2]


class sdist_with_deps(sdist):
    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        subprocess.run([os.path.join(HERE, "scripts", "fetch-deps"), deps_dir()], check=True)
        os.makedirs(os.path.join(base_dir, "deps"), exist_ok=True)
        for tarball in glob.glob(os.path.join(deps_dir(), "*.tgz")):
            shutil.copy2(tarball, os.path.join(base_dir, "deps"))


def data(directory):
    return sorted(glob.glob(os.path.join("templates", directory, "*")))


with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
    readme = f.read()

setup(
    name="migfix",
    version=version(),
    description="Make Alembic migrations safe to re-run",
    long_description=readme,
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.7",
    distclass=NativeDistribution,
    package_dir={"": "src"},
    py_modules=["migfix_hook"],
    entry_points={"console_scripts": ["migfix-hook = migfix_hook:main"]},
    data_files=[
        ("share/man/man1", ["src/migfix.1"]),
        ("share/migfix/templates/guards", data("guards")),
        ("share/migfix/templates/helpers", data("helpers")),
    ],
    cmdclass={"build_scripts": build_native, "install_scripts": install_native,
              "bdist_wheel": platform_wheel,
              "sdist": sdist_with_deps},
    zip_safe=False,
)
