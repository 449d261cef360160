"""Drive `jupyter console --kernel methodic` like a person at a terminal."""
import sys

import pexpect

child = pexpect.spawn(
    "jupyter",
    [
        "console",
        "--kernel",
        "methodic",
        "--simple-prompt",
        "--ZMQTerminalInteractiveShell.confirm_exit=False",
        "--ZMQTerminalInteractiveShell.kernel_timeout=60",
    ],
    encoding="utf-8",
    timeout=60,
    dimensions=(40, 200),
)
child.logfile_read = sys.stdout

child.expect(r"In \[1\]: ")
child.sendline("x := 6")
child.expect(r"In \[2\]: ")
child.sendline("x * 7")
child.expect(r"Out\[2\]: 42")
child.expect(r"In \[3\]: ")
child.sendline('import "fmt"')
child.expect(r"In \[4\]: ")
child.sendline('fmt.Println("from the console", x)')
child.expect("from the console 6")
child.expect(r"In \[5\]: ")
child.sendeof()
# jupyter console may ask for confirmation despite confirm_exit=False.
if child.expect([pexpect.EOF, r"exit \(\[y\]/n\)\? "]) == 1:
    child.sendline("y")
    child.expect(pexpect.EOF)
child.close()
print("\nCONSOLE OK, exit status", child.exitstatus)
sys.exit(0 if child.exitstatus == 0 else 1)
