"""Fail-at-N: a realistic in-place run (the example project's migrations,
--backup, --jobs 1 and 2, with the proofs cache empty or warm) once per N, with migfix-faults failing the N-th
I/O call (open, read, write, fsync, syncfs, rename, link, mkstemp, opendir,
readdir),
until a run completes with no fault hit; then the same for allocations
(malloc, calloc, realloc): the first FIRST calls one by one, the rest at a
stride, since a run makes tens of thousands.

For every N: the exit status is 0 or 2 (or, for an allocation, migfix's
documented abort with "out of memory"), never a crash; a failed I/O call is
reported with the file and the step; every file is exactly the old text or
exactly the new one, and one that is new has its backup with the old text; no
temporary file is left; an exit status of 0 means every file is new. A write
that fails with ENOSPC and a temporary file that cannot be made (EACCES) are
each reported for their file, which is left as it was, while the other files
are still fixed.

FIXTURE_DIR is a script directory (env.py, versions/): the run writes the
shared helper module next to env.py before the first migration that loads
it, so a migration is new only when the module beside it is whole; a fault
on the module's own write leaves every migration that would load it old.

Usage: /usr/bin/python3 run.py MIGFIX_FAULTS MIGFIX FIXTURE_DIR
Ends with "fault: N runs, M failed".
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

FIRST = 300     # allocation calls failed one by one
SAMPLES = 300   # and this many more, evenly over the rest of the run

faults, migfix, fixture = sys.argv[1:4]
runs, failures = 0, []
module_faults = 0  # runs whose fault fell on the shared module's own write


MODULE = "migfix_helpers.py"  # the shared helper module, next to env.py


def snapshot(directory):
    files = {}
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            files[os.path.relpath(path, directory)] = open(path, "rb").read()
    return dict(sorted(files.items()))


def fixed_texts(work):
    """What a run without faults makes of each file."""
    target = os.path.join(work, "clean")
    shutil.copytree(fixture, target)
    env = dict(os.environ, MIGFIX_CACHE_DIR=os.path.join(work, "warm-cache"))
    subprocess.run([migfix, "-q", os.path.join(target, "versions")], check=True, env=env)
    return snapshot(target)


def run_once(work, kinds, at, jobs, errno_name=None, cache="empty"):
    target = os.path.join(work, "run")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(fixture, target)
    # The caches (src/proofs.h, src/facts.h): empty, so the run writes them, or warm
    # (what a clean run left), so the run reads it.
    cache_dir = os.path.join(work, "cache")
    shutil.rmtree(cache_dir, ignore_errors=True)
    if cache == "warm":
        shutil.copytree(os.path.join(work, "warm-cache"), cache_dir)
    log = os.path.join(work, "log")
    if os.path.exists(log):
        os.unlink(log)
    env = dict(os.environ, MIGFIX_FAULT_AT=str(at), MIGFIX_FAULT_KINDS=kinds,
               MIGFIX_FAULT_LOG=log, MIGFIX_CACHE_DIR=cache_dir)
    if errno_name:
        env["MIGFIX_FAULT_ERRNO"] = errno_name
    proc = subprocess.run([faults, "-q", "--backup", "--jobs", str(jobs),
                           os.path.join(target, "versions")], env=env,
                          capture_output=True, text=True)
    lines = open(log).read().split("\n") if os.path.exists(log) else []
    hit = next((line[4:] for line in lines if line.startswith("hit ")), None)
    calls = next((int(line[6:]) for line in lines if line.startswith("calls ")), None)
    return proc, hit, calls, target


def check(label, proc, hit, target, old, new, kinds):
    """Every promise for one run; returns True when it holds."""
    global runs, module_faults
    runs += 1
    problems = []
    rc = proc.returncode
    aborted = rc == -signal.SIGABRT
    if aborted:
        if kinds != "alloc" or "out of memory" not in proc.stderr:
            problems.append("aborted without migfix's out-of-memory message")
    elif rc not in (0, 2):
        problems.append(f"exit status {rc}")
    if "Sanitizer" in proc.stderr or "runtime error:" in proc.stderr:
        problems.append("a sanitizer report")
    files = snapshot(target)
    for name, text in files.items():
        if ".migfix-" in name:
            problems.append(f"temporary file {name} left")
        elif name.endswith(".orig"):
            if files.get(name[:-5]) != new.get(name[:-5]) or text != old.get(name[:-5]):
                problems.append(f"{name}: a backup without its new file, or not the old text")
        elif name == MODULE:
            if text != new[MODULE]:
                problems.append(f"{MODULE} is not the whole module")
        elif name not in old:
            problems.append(f"unexpected file {name}")
        elif text not in (old[name], new[name]):
            problems.append(f"{name} is neither the old text nor the new")
        elif text != old[name] and name + ".orig" not in files:
            problems.append(f"{name} is new but has no backup")
    cache_dir = os.path.join(os.path.dirname(target), "cache")
    for name in os.listdir(cache_dir) if os.path.isdir(cache_dir) else ():
        # The proofs and the chain facts; a temporary file's ".XXXXXX" is not.
        stem = next((s for s in ("proofs-", "chain-facts-") if name.startswith(s)), None)
        if not stem or "." in name[len(stem) + 8:]:
            problems.append(f"cache: {name} left")
    stale = [n for n in old if files.get(n) == old[n] and old[n] != new[n]]
    if rc == 0 and stale:
        problems.append(f"exit 0 but {', '.join(stale)} not fixed")
    loading = [n for n in old if files.get(n) != old[n] and b"_migfix_shared(" in files.get(n, b"")]
    if loading and MODULE not in files:
        problems.append(f"{', '.join(loading)} load {MODULE}, which is not there")
    if rc == 0 and MODULE not in files:
        problems.append(f"exit 0 but {MODULE} not written")
    module_lost = MODULE not in files and hit and rc == 2 and not aborted
    if hit and rc == 2 and not aborted and hit not in ("malloc", "calloc", "realloc"):
        if target not in proc.stderr:
            problems.append(f"the message names no file: {proc.stderr.strip()!r}")
        if hit in ("write", "mkstemp", "rename", "link", "fsync"):
            # The module is written before any migration: a failed write
            # with the module missing was the module's (every migration that
            # would load it stays old: `loading` above), else one file's.
            module_faults += bool(module_lost)
            if module_lost and MODULE not in proc.stderr:
                problems.append(f"the module's failed {hit} is not named")
            elif not module_lost and len(stale) != 1:
                problems.append(f"a failed {hit} left {len(stale)} files unfixed, not 1")
        # One syncfs makes a whole batch durable: when it fails, none is switched.
        if hit == "syncfs" and (not stale or any(n not in proc.stderr for n in stale)):
            problems.append(f"a failed syncfs left {stale} unfixed, not each reported")
    if problems:
        failures.append(f"{label} (hit {hit}, exit {rc}): " + "; ".join(problems)
                        + ("\n    stderr: " + proc.stderr.strip()[:400] if proc.stderr else ""))
    return not problems


def sweep_io(work, old, new, jobs, cache="empty"):
    at = 1
    while True:
        proc, hit, calls, target = run_once(work, "io", at, jobs, cache=cache)
        check(f"io, --jobs {jobs}, {cache} cache, call {at}", proc, hit, target, old, new, "io")
        if hit is None:
            return at - 1
        at += 1


def sweep_alloc(work, old, new, jobs):
    _, _, total, _ = run_once(work, "alloc", 0, jobs)
    points = list(range(1, min(FIRST, total) + 1))
    if total > FIRST:
        step = max(1, (total - FIRST) // SAMPLES)
        points += list(range(FIRST + step, total + 1, step))
    for at in points:
        proc, hit, _, target = run_once(work, "alloc", at, jobs)
        check(f"alloc, --jobs {jobs}, call {at}", proc, hit, target, old, new, "alloc")
    return total, len(points)


def first_hit(work, name, jobs, errno_name):
    """The run whose fault falls on the first call to NAME."""
    at = 1
    while True:
        proc, hit, _, target = run_once(work, "io", at, jobs, errno_name)
        if hit is None or hit == name:
            return proc, hit, target
        at += 1


def main():
    with tempfile.TemporaryDirectory() as work:
        new = fixed_texts(work)
        old = snapshot(fixture)
        for jobs, cache in ((1, "empty"), (1, "warm"), (2, "empty")):
            n = sweep_io(work, old, new, jobs, cache)
            print(f"io, --jobs {jobs}, {cache} proofs cache: every one of {n} calls failed in turn")
        for jobs in (1, 2):
            total, points = sweep_alloc(work, old, new, jobs)
            print(f"alloc, --jobs {jobs}: {points} of {total} calls failed in turn")
        for name, errno_name, words in (("write", "ENOSPC", "write: No space left on device"),
                                        ("mkstemp", "EACCES",
                                         "create temporary file: Permission denied")):
            proc, hit, target = first_hit(work, name, 1, errno_name)
            ok = check(f"{errno_name} on {name}", proc, hit, target, old, new, "io")
            if hit != name or proc.returncode != 2 or words not in proc.stderr:
                failures.append(f"{errno_name} on {name}: hit {hit}, exit {proc.returncode}, "
                                f"stderr {proc.stderr.strip()!r}")
            elif ok:
                print(f"{errno_name} on {name}: {proc.stderr.strip().splitlines()[0]}")
        print(f"{module_faults} runs failed the shared module's own write; no migration "
              "was left loading a module that is not there")
        if not module_faults:
            failures.append("no fault fell on the shared module's write")
    for failure in failures:
        print("FAIL -", failure)
    print(f"fault: {runs} runs, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
