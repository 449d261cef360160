"""jupyter_kernel_test's standard tests, with Go samples for Methodic.

Run by e2e's TestConformance with the kernelspec installed in a private
JUPYTER_DATA_DIR. Every sample is plain Go as a user would type it.
"""
import unittest

import jupyter_kernel_test


class MethodicKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "methodic"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "something went wrong")'

    completion_samples = [
        {"text": "fmt.Print", "matches": {"Print", "Printf", "Println"}},
        {"text": "strings.TrimSp", "matches": {"TrimSpace"}},
    ]

    complete_code_samples = ["x := 1", 'fmt.Println("hi")', "func f() {}", "type T struct{ A int }"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {\n", "x := []int{1,\n", "y := 1 +"]
    invalid_code_samples = ["x := )", "}", "if x {} else else {}"]

    code_page_something = "?fmt.Println"

    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": "x := 40\nx + 2", "result": "42"},
        {"code": 'import "math"\nmath.Sqrt(2.25)', "result": "1.5"},
    ]

    code_display_data = [
        {"code": 'display.Show(display.HTML("<b>bold</b>"))', "mime": "text/html"},
        {"code": 'display.Show(display.Markdown("*emphasis*"))', "mime": "text/markdown"},
    ]

    code_history_pattern = "6?7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "fmt.Println"

    code_clear_output = "display.Clear(false)"


if __name__ == "__main__":
    unittest.main(verbosity=2)
