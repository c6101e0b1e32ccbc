"""Attacks on the sandbox: the kernel (namespaces, Landlock, seccomp) stops them, not Python.

Each attack lives in the student's ``AND`` gate of a01 and tries to get something it must not: the reference
solutions (it ``exec``s them to answer), a write into the grader's files, a process that outlives the grading, a
signal to the grader, a change to another process's limits, the network. For every attack and every kernel plan this
machine offers, the test asserts: the attacking exercise earns 0, the honest ``OR`` gate of the same file keeps full
marks, the kit's files are byte-identical, a canary file in /tmp is untouched, and no process of the run survives it.

The attacks run with the readable-refusal audit hook switched off ($AUTOGRADER_SANDBOX_GUARD=0), so what stops
them is the kernel alone. The controls show that each attack the audit hook could not stop really works when the
kernel does not enforce anything (``--isolation process``, hook on): aimed at decoy files, the same code reads and
writes them.
"""
import base64
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from autograder.isolation import available, choose
from autograder.submission import grade

from .conftest import ROOT, SOLUTIONS
from .processes import Tracker, wait_for_no_survivors

AID = "a01_perceptron"
SOLUTION_FILE = SOLUTIONS / AID / "gates.py"
RUNNER_FILE = ROOT / "autograder" / "runner.py"
CHECKS_FILE = ROOT / "autograder" / "checks" / "a01_perceptron.py"
ANCHOR = "    return perceptron((x1, x2), (0.5, 0.5), -0.7)\n"
KIT_DIRS = ("autograder", "solutions", "assignments", "course", "datasets")


def kit_hash() -> str:
    h = hashlib.sha256()
    for d in KIT_DIRS:
        for p in sorted((ROOT / d).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes())
                h.update(oct(p.stat().st_mode).encode())
    return h.hexdigest()


def _plans():
    have = available()
    plans = []
    if have["namespaces"] and have["seccomp"]:
        plans.append(pytest.param("", id="namespaces+landlock+seccomp" if have["landlock"] else "namespaces+seccomp"))
    if have["landlock"] and have["seccomp"]:
        plans.append(pytest.param("namespaces", id="landlock+seccomp"))
    return plans


KERNEL_PLANS = _plans()

# {read}: a file outside the folder to read; {write}: a file to append to; {canary}: a file in /tmp to touch.
# Every attack ends by answering with what it stole (exec of the read file) or by computing AND itself.
STEAL = "    ns = {{}}\n    exec(src, ns)\n    return ns['AND'](x1, x2)\n"
DIRFD = ("    import os\n    fd = os.open('.', os.O_RDONLY)\n    depth = len(os.getcwd().split('/'))\n"
         "    os.makedirs('/'.join(['d'] * depth), exist_ok=True)\n    os.chdir('/'.join(['d'] * depth))\n"
         "    climb = '../' * (depth - 1)\n")
ATTACKS = {
    # The trick of the issue: a descriptor of the scratch folder, then a chdir one level deeper than the scratch
    # folder's own depth; the path climbs to / from the descriptor (the kernel's view) but stays inside the scratch
    # folder from the current directory (the audit hook's view).
    "dir_fd read of the solutions after chdir": (
        DIRFD + "    f = os.open(climb + {read!r}.lstrip('/'), os.O_RDONLY, dir_fd=fd)\n"
        "    os.fchdir(fd)\n    src = os.read(f, 10**6).decode()\n" + STEAL),
    "dir_fd append to the grader's runner.py": (
        DIRFD + "    f = os.open(climb + {write!r}.lstrip('/'), os.O_WRONLY | os.O_APPEND, dir_fd=fd)\n"
        "    os.write(f, b'\\n# backdoor\\n')\n    raise RuntimeError('not stopped')\n"),
    "O_RDONLY|O_TRUNC of a readable grader file": (
        DIRFD + "    os.close(os.open(climb + {write!r}.lstrip('/'), os.O_RDONLY | os.O_TRUNC, dir_fd=fd))\n"
        "    raise RuntimeError('not stopped')\n"),
    "process started with _posixsubprocess.fork_exec in a new session": (
        "    import _posixsubprocess, os, sys\n    r, w = os.pipe()\n"
        "    code = 'import time; time.sleep(1.5); open(%r, \"a\").write(\"pwned\")' % {canary!r}\n"
        "    exe = os.fsencode(sys.executable)\n"
        "    _posixsubprocess.fork_exec([exe, b'-c', code.encode()], [exe], True, (w,), None, None, -1, -1, -1, -1,"
        " -1, -1, r, w, False, True, -1, None, None, None, -1, None, False)\n"
        "    raise RuntimeError('not stopped')\n"),
    "os.fork, then a child that survives": (
        "    import os, time\n    if os.fork() == 0:\n        os.setsid()\n        time.sleep(1.5)\n"
        "        open({canary!r}, 'a').write('pwned')\n        os._exit(0)\n    raise RuntimeError('not stopped')\n"),
    "audit hook switched off, then a plain read of the solutions": (
        "    import builtins, os\n    os.path.realpath = lambda p, *a, **k: '/'\n    builtins.any = lambda *a: True\n"
        "    builtins.all = lambda *a: True\n    src = open({read!r}).read()\n" + STEAL),
    "reading the solutions through /proc": (
        "    import os\n    for pid in ['self', '1', str(os.getppid())]:\n"
        "        for p in ['/proc/%s/root' % pid + {read!r}, '/proc/%s/cwd/../../..' % pid + {read!r}]:\n"
        "            try:\n                src = open(p).read()\n                break\n"
        "            except OSError:\n                src = None\n        if src:\n            break\n"
        "    if not src:\n        raise PermissionError('nothing')\n" + STEAL),
    "hard link of the solutions into the scratch folder": (
        "    import os\n    os.link({read!r}, 'stolen.py')\n    src = open('stolen.py').read()\n" + STEAL),
    "signals: SIGKILL and SIGSTOP to the parent, to every process, to the group, through a pidfd": (
        "    import os, signal\n"
        "    for target in (-1, 1, 0):  # signal 0 only asks whether a signal would be delivered\n"
        "        try:\n            os.kill(target, 0)\n        except OSError:\n            continue\n"
        "        raise RuntimeError('could signal %d' % target)\n"
        "    for sig in (signal.SIGSTOP, signal.SIGKILL):\n"
        "        try:\n            os.kill(os.getppid(), sig)\n        except OSError:\n            pass\n"
        "    try:\n        signal.pidfd_send_signal(os.pidfd_open(os.getppid()), signal.SIGKILL)\n"
        "    except (OSError, AttributeError):\n        pass\n    raise RuntimeError('still here')\n"),
    "prlimit on the parent": (
        "    import os, resource\n    resource.prlimit(os.getppid(), resource.RLIMIT_AS, (1 << 20, 1 << 20))\n"
        "    raise RuntimeError('not stopped')\n"),
    "chmod of a grader file": (
        "    import os\n    os.chmod({write!r}, 0)\n    raise RuntimeError('not stopped')\n"),
    "removing a file in /tmp": (
        "    import os\n    os.remove({canary!r})\n    raise RuntimeError('not stopped')\n"),
    "network: TCP connect and UDP send": (
        "    import socket\n    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "    s.sendto(b'x', ('127.0.0.1', 9))\n    raise RuntimeError('not stopped')\n"),
    "ptrace of the parent through ctypes": (
        "    import ctypes, os\n    libc = ctypes.CDLL(None, use_errno=True)\n"
        "    if libc.ptrace(16, os.getppid(), 0, 0) != 0:\n        raise OSError(ctypes.get_errno(), 'ptrace')\n"
        "    raise RuntimeError('attached')\n"),
    "System V shared memory and a memfd (memory outside the process's limits)": (
        "    import ctypes, os\n    libc = ctypes.CDLL(None, use_errno=True)\n"
        "    if libc.shmget(0, 256 << 20, 0o1600) >= 0:\n        raise RuntimeError('shmget worked')\n"
        "    os.memfd_create('hog')\n    raise RuntimeError('not stopped')\n"),
    "a system call newer than the filter (setxattrat) and a file ioctl": (
        "    import ctypes, fcntl, os, struct\n    libc = ctypes.CDLL(None, use_errno=True)\n"
        "    if libc.syscall(463, -100, {write!r}.encode(), 0, b'user.x', 0, 0) == 0:\n"
        "        raise RuntimeError('setxattrat worked')\n"
        "    fd = os.open({write!r}, os.O_RDONLY)\n"
        "    fcntl.ioctl(fd, 0x40086602, struct.pack('l', 0x40))  # FS_IOC_SETFLAGS: nodump\n"
        "    raise RuntimeError('not stopped')\n"),
    "dropping the death signal, then hanging": (
        "    import ctypes, time\n    ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)\n    time.sleep(60)\n"),
}


def _attack_folder(tmp_path, body: str, **targets) -> Path:
    folder = tmp_path / AID
    shutil.copytree(SOLUTIONS / AID, folder, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    gates = folder / "gates.py"
    text = gates.read_text()
    assert text.count(ANCHOR) == 1
    gates.write_text(text.replace(ANCHOR, body.format(**targets), 1))
    return folder


@pytest.fixture
def canary(tmp_path_factory):
    path = Path("/tmp") / f"autograder-canary-{os.getpid()}-{os.urandom(4).hex()}"
    path.write_text("untouched")
    yield path
    path.unlink(missing_ok=True)


def _grade_tracked(folder, **kw):
    with Tracker(os.getpid()) as tracker:
        result = grade(folder, assignment=AID, seed=11, timeout=3,
                       exercise_filter=lambda e: e.id in (f"{AID}.gates.AND", f"{AID}.gates.OR"), **kw)
    return result, tracker


@pytest.mark.skipif(not KERNEL_PLANS, reason="no kernel-enforced isolation on this machine")
@pytest.mark.parametrize("disable", KERNEL_PLANS)
@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_is_stopped_by_the_kernel(tmp_path, monkeypatch, canary, disable, name):
    monkeypatch.setenv("AUTOGRADER_ISOLATION_DISABLE", disable)
    monkeypatch.setenv("AUTOGRADER_SANDBOX_GUARD", "0")  # no readable-refusal hook: the kernel alone
    before = kit_hash()
    folder = _attack_folder(tmp_path, ATTACKS[name], read=str(SOLUTION_FILE), write=str(RUNNER_FILE),
                            canary=str(canary))
    result, tracker = _grade_tracked(folder)
    assert result.isolation.startswith(choose("auto").name) and choose("auto").kernel
    by_id = {e.id: e for e in result.exercises()}
    attacker, honest = by_id[f"{AID}.gates.AND"], by_id[f"{AID}.gates.OR"]
    assert attacker.score == 0, (name, attacker.feedback().en)
    assert honest.status == "passed", (name, honest.feedback().en)
    assert wait_for_no_survivors(tracker) == [], f"{name}: processes outlived the grading"
    assert kit_hash() == before, f"{name}: the kit's files changed"
    assert canary.read_text() == "untouched", f"{name}: the canary in /tmp was touched"


def _build_extension(tmp_path) -> Path | None:
    """A compiled module whose C code opens and reads any file (no Python audit event can see it)."""
    cc = shutil.which("gcc") or shutil.which("cc")
    include = sysconfig.get_paths().get("include")
    if not cc or not include or not Path(include, "Python.h").exists():
        return None
    src = tmp_path / "slurp.c"
    src.write_text(textwrap.dedent("""
        #include <Python.h>
        #include <fcntl.h>
        #include <unistd.h>
        static PyObject *slurp(PyObject *self, PyObject *args) {
            const char *path; char buf[1 << 16];
            if (!PyArg_ParseTuple(args, "s", &path)) return NULL;
            int fd = open(path, O_RDONLY);
            if (fd < 0) return PyErr_SetFromErrno(PyExc_OSError);
            ssize_t n = read(fd, buf, sizeof buf); close(fd);
            if (n < 0) return PyErr_SetFromErrno(PyExc_OSError);
            return PyUnicode_DecodeUTF8(buf, n, "replace");
        }
        static PyMethodDef methods[] = {{"slurp", slurp, METH_VARARGS, ""}, {NULL, NULL, 0, NULL}};
        static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "slurp", NULL, -1, methods};
        PyMODINIT_FUNC PyInit_slurp(void) { return PyModule_Create(&mod); }
    """))
    out = tmp_path / ("slurp" + sysconfig.get_config_var("EXT_SUFFIX"))
    proc = subprocess.run([cc, "-shared", "-fPIC", f"-I{include}", str(src), "-o", str(out)], capture_output=True)
    return out if proc.returncode == 0 else None


NATIVE_IN_FOLDER = "    import slurp\n    src = slurp.slurp({read!r})\n" + STEAL
NATIVE_FROM_SCRATCH = ("    import base64, os, sys\n    open('slurp' + {suffix!r}, 'wb').write(base64.b64decode({blob!r}))\n"
                       "    sys.path.insert(0, os.getcwd())\n    import slurp\n    src = slurp.slurp({read!r})\n" + STEAL)


@pytest.mark.skipif(not KERNEL_PLANS, reason="no kernel-enforced isolation on this machine")
@pytest.mark.parametrize("disable", KERNEL_PLANS)
@pytest.mark.parametrize("where", ["in the folder", "written to scratch from base64"])
def test_native_code_reads_nothing_outside(tmp_path, monkeypatch, disable, where):
    (tmp_path / "build").mkdir()
    ext = _build_extension(tmp_path / "build")
    if ext is None:
        pytest.skip("no C compiler or Python headers")
    monkeypatch.setenv("AUTOGRADER_ISOLATION_DISABLE", disable)
    monkeypatch.setenv("AUTOGRADER_SANDBOX_GUARD", "0")
    before = kit_hash()
    if where == "in the folder":
        folder = _attack_folder(tmp_path / "s", NATIVE_IN_FOLDER, read=str(SOLUTION_FILE))
        shutil.copy(ext, folder / ext.name)
    else:
        folder = _attack_folder(tmp_path / "s", NATIVE_FROM_SCRATCH, read=str(SOLUTION_FILE),
                                suffix=sysconfig.get_config_var("EXT_SUFFIX"),
                                blob=base64.b64encode(ext.read_bytes()).decode())
    result, tracker = _grade_tracked(folder)
    by_id = {e.id: e for e in result.exercises()}
    assert by_id[f"{AID}.gates.AND"].score == 0, by_id[f"{AID}.gates.AND"].feedback().en
    assert by_id[f"{AID}.gates.OR"].status == "passed"
    assert wait_for_no_survivors(tracker) == [] and kit_hash() == before


# ---------------------------------------------------------------------------------------------- controls
CONTROLS = ["dir_fd read of the solutions after chdir", "dir_fd append to the grader's runner.py",
            "O_RDONLY|O_TRUNC of a readable grader file", "audit hook switched off, then a plain read of the solutions",
            "process started with _posixsubprocess.fork_exec in a new session"]


@pytest.mark.parametrize("name", CONTROLS)
def test_control_the_attack_works_without_kernel_isolation(tmp_path, name):
    """The same code, aimed at decoys, succeeds under --isolation process: the attacks are real and the tests above
    would see them succeed."""
    decoy_dir = tmp_path / "decoys"
    decoy_dir.mkdir()
    decoy_read = decoy_dir / "solutions_gates.py"
    shutil.copy(SOLUTION_FILE, decoy_read)
    decoy_write = decoy_dir / "runner.py"
    decoy_write.write_text("original\n")
    decoy_canary = decoy_dir / "canary"
    decoy_canary.write_text("untouched")
    folder = _attack_folder(tmp_path / "s", ATTACKS[name], read=str(decoy_read), write=str(decoy_write),
                            canary=str(decoy_canary))
    result, tracker = _grade_tracked(folder, isolation="process")
    assert result.isolation == "process"
    attacker = {e.id: e for e in result.exercises()}[f"{AID}.gates.AND"]
    try:
        if name.startswith("dir_fd read") or name.startswith("audit hook"):
            assert attacker.status == "passed", attacker.feedback().en
        elif name.startswith("dir_fd append"):
            assert decoy_write.read_text().endswith("# backdoor\n")
        elif "TRUNC" in name:
            assert decoy_write.read_text() == ""
        else:
            import time

            time.sleep(2.5)
            assert decoy_canary.read_text() != "untouched", "the escaped process should have written the canary"
    finally:
        for pid in tracker.survivors():
            try:
                os.kill(pid, 9)
            except OSError:
                pass


def test_strict_refuses_without_kernel_isolation(monkeypatch, tmp_path):
    from autograder.isolation import IsolationUnavailable

    monkeypatch.setenv("AUTOGRADER_ISOLATION_DISABLE", "namespaces,landlock,seccomp")
    with pytest.raises(IsolationUnavailable):
        choose("strict")
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", str(SOLUTIONS / AID), "--isolation", "strict"],
                          cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, AUTOGRADER_ISOLATION_DISABLE=
                                                                             "namespaces,landlock,seccomp"))
    assert proc.returncode == 2 and "strict" in proc.stderr


@pytest.mark.skipif(not KERNEL_PLANS, reason="no kernel-enforced isolation on this machine")
def test_grade_solutions_strict_gives_full_marks_and_names_the_mechanism():
    result = grade(SOLUTIONS, seed=3, isolation="strict")
    assert result.score == result.max_score > 0
    assert result.to_json()["isolation"].startswith(choose("strict").name)


@pytest.mark.skipif(not KERNEL_PLANS, reason="no kernel-enforced isolation on this machine")
def test_student_process_sees_no_secrets_in_its_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_TEST_SECRET", "s3cret")
    body = ("    import os\n    if any('s3cret' in v for v in os.environ.values()):\n        return 1 - (x1 and x2)\n")
    folder = _attack_folder(tmp_path, body + ANCHOR)
    result, _ = _grade_tracked(folder)
    assert {e.id: e for e in result.exercises()}[f"{AID}.gates.AND"].status == "passed"


def test_listening_socket_of_the_grader_machine_is_unreachable(tmp_path):
    """A TCP server on the grader's loopback cannot be reached (it would be, without isolation)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    body = (f"    import socket\n    socket.create_connection(('127.0.0.1', {port}), timeout=1).sendall(b'x')\n"
            "    raise RuntimeError('connected')\n")
    folder = _attack_folder(tmp_path, body)
    try:
        result, _ = _grade_tracked(folder)
        server.settimeout(0.2)
        with pytest.raises(OSError):
            server.accept()
        assert {e.id: e for e in result.exercises()}[f"{AID}.gates.AND"].score == 0
    finally:
        server.close()


def _tree_hash(folder: Path, skip: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and skip not in p.parents and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@pytest.mark.skipif(not KERNEL_PLANS, reason="no kernel-enforced isolation on this machine")
def test_hostile_class_run_changes_nothing_for_honest_students(tmp_path, canary):
    """One attacker of each kind and three honest students, graded together with grade-class --jobs 2."""
    import csv
    import io
    import json
    import time

    root = tmp_path / "class"
    out = tmp_path / "out"
    honest = ["honest1", "honest2", "honest3"]
    for name in honest:
        shutil.copytree(SOLUTIONS / AID, root / name / AID, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    victim_json = out / "honest1.json"
    extra = {
        "overwrite another student's result": (f"    open({str(victim_json)!r}, 'w').write('{{{{}}}}')\n"
                                               "    raise RuntimeError('not stopped')\n"),
        "read another student's folder": (f"    src = open({str(root / 'honest2' / AID / 'gates.py')!r}).read()\n"
                                          + STEAL),
        "write into another student's folder": (f"    open({str(root / 'honest3' / AID / 'gates.py')!r}, 'a')"
                                                ".write('\\nraise SystemExit\\n')\n    raise RuntimeError('x')\n"),
    }
    attacks = {**ATTACKS, **extra}
    for i, (name, body) in enumerate(attacks.items()):
        _attack_folder(root / f"attacker{i:02d}", body, read=str(SOLUTION_FILE), write=str(RUNNER_FILE),
                       canary=str(canary))
    before_kit = kit_hash()
    before_class = _tree_hash(root, out)
    env = dict(os.environ, AUTOGRADER_NO_PROGRESS="1", AUTOGRADER_SANDBOX_GUARD="0")
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "grade-class", str(root), "--out", str(out), "--jobs",
                             "2", "--assignment", AID, "--timeout", "3", "--isolation", "strict"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with Tracker(proc.pid) as tracker:
        assert proc.wait(timeout=600) == 0, proc.stderr.read()
    assert wait_for_no_survivors(tracker) == []
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert len(rows) == len(honest) + len(attacks)
    full = None
    for name in honest:
        data = json.loads((out / f"{name}.json").read_text())
        full = data["max_score"]
        assert data["score"] == full > 0 and float(rows[name]["total"]) == full, name
    for i, name in enumerate(attacks):
        data = json.loads((out / f"attacker{i:02d}.json").read_text())
        and_ex = [e for a in data["assignments"] for e in a["exercises"] if e["id"] == f"{AID}.gates.AND"][0]
        assert and_ex["score"] == 0, (name, and_ex["feedback"])
    assert kit_hash() == before_kit, "the kit's files changed"
    assert _tree_hash(root, out) == before_class, "a student's folder changed"
    assert canary.read_text() == "untouched"
    time.sleep(2)  # anything that escaped would write the canary by now
    assert canary.read_text() == "untouched"



def _one_call(tmp_path, monkeypatch, disable, body, timeout=5.0):
    monkeypatch.setenv("AUTOGRADER_ISOLATION_DISABLE", disable)
    monkeypatch.setenv("AUTOGRADER_SANDBOX_GUARD", "0")
    folder = _attack_folder(tmp_path, body)
    with Tracker(os.getpid()) as tracker:
        result = grade(folder, assignment=AID, seed=2, timeout=timeout,
                       exercise_filter=lambda e: e.id in (f"{AID}.gates.AND", f"{AID}.gates.OR"))
    by_id = {e.id: e for e in result.exercises()}
    assert by_id[f"{AID}.gates.OR"].status == "passed"
    assert wait_for_no_survivors(tracker) == []
    return result, by_id[f"{AID}.gates.AND"]


@pytest.mark.skipif(not KERNEL_PLANS, reason="no kernel-enforced isolation on this machine")
@pytest.mark.parametrize("disable", KERNEL_PLANS)
def test_thread_bomb_is_capped_where_cgroups_exist(tmp_path, monkeypatch, disable):
    body = ("    import threading, time\n    threading.stack_size(32768)\n    n = 0\n    try:\n"
            "        for _ in range(5000):\n"
            "            threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n            n += 1\n"
            "    except RuntimeError:\n        pass\n    raise RuntimeError('threads: %d' % n)\n")
    result, attacker = _one_call(tmp_path, monkeypatch, disable, body, timeout=20)
    assert attacker.score == 0
    if result.isolation.endswith("+cgroups"):
        import re

        from autograder.isolation.sandbox import PIDS_MAX

        n = int(re.search(r"threads: (\d+)", attacker.feedback().en).group(1))
        assert n < PIDS_MAX, n


@pytest.mark.skipif(not available()["landlock"], reason="no Landlock here")
def test_scratch_folder_is_capped_without_a_mount_namespace(tmp_path, monkeypatch):
    body = "    for i in range(3):\n        open('f%d' % i, 'wb').write(b'x' * (25 << 20))\n" + ANCHOR
    result, attacker = _one_call(tmp_path, monkeypatch, "namespaces", body, timeout=30)
    assert attacker.score == 0 and "scratch folder" in attacker.feedback().en, attacker.feedback().en


@pytest.mark.skipif(not KERNEL_PLANS, reason="no kernel-enforced isolation on this machine")
def test_a_reply_built_to_exhaust_the_grader_is_refused_quickly(tmp_path, monkeypatch):
    """8 million empty array entries in one frame header: refused on arrival, not decoded for minutes."""
    import time

    body = ("    import os, struct\n    n = 3_000_000\n"
            "    h = ('{{\"v\":null,\"sizes\":[' + '0,' * (n - 1) + '0]}}').encode()\n"
            "    d = memoryview(struct.pack('>Q', 4 + len(h)) + struct.pack('>I', len(h)) + h)\n"
            "    while d:\n        d = d[os.write(3, d):]\n    import time\n    time.sleep(600)\n")
    start = time.perf_counter()
    _, attacker = _one_call(tmp_path, monkeypatch, "", body)
    assert attacker.score == 0 and time.perf_counter() - start < 60


@pytest.mark.skipif(not KERNEL_PLANS, reason="no kernel-enforced isolation on this machine")
def test_huge_messages_and_forged_setup_errors_stay_the_students_own(tmp_path, monkeypatch):
    import json

    from autograder import wire

    body = ("    import autograder.isolation.child as c\n    c.describe = lambda e: str(e)\n"
            "    raise RuntimeError('A' * 20_000_000 + '\\ud800')\n")
    result, attacker = _one_call(tmp_path, monkeypatch, "", body)
    assert attacker.score == 0 and len(json.dumps(result.to_json())) < 2_000_000
    forge = ("    import os, struct\n    from autograder import wire\n"
             "    d = wire.dumps({{'hello': 'failed', 'type': 'X', 'message': 'please regrade by hand'}})\n"
             "    os.write(3, struct.pack('>Q', len(d)) + d)\n    import time\n    time.sleep(600)\n")
    result, attacker = _one_call(tmp_path / "f", monkeypatch, "", forge)
    assert attacker.score == 0
    assert "grader setup problem" not in attacker.feedback().en, attacker.feedback().en
    assert wire  # the forged frame above is plain wire data
