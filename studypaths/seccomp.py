"""The judge's seccomp filter: a classic-BPF program handed to bubblewrap (`--seccomp FD`), built here by hand.

It refuses (EPERM) what a judged program never needs and what widens the kernel's attack surface: tracing other
processes, mounts and namespaces, keyrings, eBPF, perf events, userfaultfd, io_uring, modules, kexec, clocks,
reading another process's memory. `clone` may start threads and processes but not new namespaces; `clone3` answers
ENOSYS (its flags live in memory a filter cannot read), so the C library falls back to `clone`. A syscall of another
architecture (the x32 ABI, or a foreign audit arch) kills the process.

No libseccomp needed: the program is a few dozen `struct sock_filter` entries; the numbers per architecture come from
the kernel's `asm/unistd` headers.
"""

from __future__ import annotations

import errno
import functools
import platform
import struct

# struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; }
_LD_W_ABS = 0x20      # BPF_LD | BPF_W | BPF_ABS
_JEQ = 0x15           # BPF_JMP | BPF_JEQ | BPF_K
_JGE = 0x35           # BPF_JMP | BPF_JGE | BPF_K
_JSET = 0x45          # BPF_JMP | BPF_JSET | BPF_K
_RET = 0x06           # BPF_RET | BPF_K

RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000
RET_ALLOW = 0x7FFF0000

_OFFSET_NR, _OFFSET_ARCH, _OFFSET_ARG0_LOW = 0, 4, 16  # struct seccomp_data, little-endian

# CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET | NEWTIME
CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 \
    | 0x00000080

DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
    "mount_setattr", "unshare", "setns", "open_by_handle_at", "name_to_handle_at",
    "keyctl", "add_key", "request_key",
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load",
    "reboot", "swapon", "swapoff", "acct", "quotactl", "syslog", "sethostname", "setdomainname",
    "settimeofday", "clock_settime", "adjtimex", "clock_adjtime", "fanotify_init", "lookup_dcookie",
    "iopl", "ioperm", "modify_ldt", "uselib", "vhangup", "nfsservctl", "_sysctl",
)

_X86_64 = {
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "mount": 165, "umount2": 166,
    "pivot_root": 155, "chroot": 161, "move_mount": 429, "open_tree": 428, "fsopen": 430, "fsconfig": 431,
    "fsmount": 432, "fspick": 433, "mount_setattr": 442, "unshare": 272, "setns": 308, "open_by_handle_at": 304,
    "name_to_handle_at": 303, "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
    "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "init_module": 175,
    "finit_module": 313, "delete_module": 176, "kexec_load": 246, "kexec_file_load": 320, "reboot": 169,
    "swapon": 167, "swapoff": 168, "acct": 163, "quotactl": 179, "syslog": 103, "sethostname": 170,
    "setdomainname": 171, "settimeofday": 164, "clock_settime": 227, "adjtimex": 159, "clock_adjtime": 305,
    "fanotify_init": 300, "lookup_dcookie": 212, "iopl": 172, "ioperm": 173, "modify_ldt": 154, "uselib": 134,
    "vhangup": 153, "nfsservctl": 180, "_sysctl": 156, "clone": 56, "clone3": 435,
}
_AARCH64 = {
    "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272, "mount": 40, "umount2": 39,
    "pivot_root": 41, "chroot": 51, "move_mount": 429, "open_tree": 428, "fsopen": 430, "fsconfig": 431,
    "fsmount": 432, "fspick": 433, "mount_setattr": 442, "unshare": 97, "setns": 268, "open_by_handle_at": 265,
    "name_to_handle_at": 264, "keyctl": 219, "add_key": 217, "request_key": 218, "bpf": 280, "perf_event_open": 241,
    "userfaultfd": 282, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "init_module": 105,
    "finit_module": 273, "delete_module": 106, "kexec_load": 104, "kexec_file_load": 294, "reboot": 142,
    "swapon": 224, "swapoff": 225, "acct": 89, "quotactl": 60, "syslog": 116, "sethostname": 161,
    "setdomainname": 162, "settimeofday": 170, "clock_settime": 112, "adjtimex": 171, "clock_adjtime": 266,
    "fanotify_init": 262, "lookup_dcookie": 18, "vhangup": 58, "nfsservctl": 42, "clone": 220, "clone3": 435,
}
# machine -> (AUDIT_ARCH_*, syscall numbers, lowest number of a foreign ABI sharing the arch, or None)
ARCHES = {
    "x86_64": (0xC000003E, _X86_64, 0x40000000),  # x32 syscalls carry bit 30
    "aarch64": (0xC00000B7, _AARCH64, None),
}


def syscall_numbers(machine: str | None = None) -> dict[str, int]:
    return ARCHES[machine or platform.machine()][1]


def _instruction(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k)


@functools.lru_cache(maxsize=4)
def build_program(machine: str | None = None) -> bytes:
    """The filter for `machine` (default: this one) as bytes for `bwrap --seccomp FD`. KeyError: unsupported arch."""
    audit_arch, numbers, foreign_from = ARCHES[machine or platform.machine()]
    denied = sorted({numbers[name] for name in DENIED if name in numbers})
    # Layout: arch check, load nr, [foreign ABI check], one JEQ per denied number, the clone checks, then the
    # four return instructions at the end. Jumps are forward offsets from the next instruction.
    checks: list[tuple[int, int, str]] = []  # (code, k, target label when true)
    if foreign_from is not None:
        checks.append((_JGE, foreign_from, "kill"))
    checks += [(_JEQ, nr, "deny") for nr in denied]
    checks.append((_JEQ, numbers["clone3"], "nosys"))
    head = [_instruction(_LD_W_ABS, _OFFSET_ARCH), _instruction(_JEQ, audit_arch, jt=1),
            _instruction(_RET, RET_KILL_PROCESS), _instruction(_LD_W_ABS, _OFFSET_NR)]
    # After the checks: [JEQ clone ->(next) else allow] [LD arg0] [JSET ns flags -> deny] then returns.
    tail_positions = {"allow": 3, "deny": 4, "nosys": 5, "kill": 6}  # relative to the end of the checks
    body = []
    for index, (code, k, target) in enumerate(checks):
        remaining = len(checks) - index - 1
        body.append(_instruction(code, k, jt=remaining + tail_positions[target]))
    clone = [
        _instruction(_JEQ, numbers["clone"], jt=0, jf=2),             # not clone: jump to allow
        _instruction(_LD_W_ABS, _OFFSET_ARG0_LOW),
        _instruction(_JSET, CLONE_NAMESPACE_FLAGS, jt=1, jf=0),     # namespace flag set: deny
    ]
    returns = [
        _instruction(_RET, RET_ALLOW),
        _instruction(_RET, RET_ERRNO | errno.EPERM),
        _instruction(_RET, RET_ERRNO | errno.ENOSYS),
        _instruction(_RET, RET_KILL_PROCESS),
    ]
    program = head + body + clone + returns
    if len(program) > 255:
        raise ValueError("seccomp program too long for 8-bit jumps")
    return b"".join(program)


def supported() -> bool:
    return platform.machine() in ARCHES
