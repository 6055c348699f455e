"""Jupyter's own kernel conformance suite (jupyter_kernel_test, Debian's python3-jupyter-kernel-test) against jnas:
every reply and every iopub message is validated against the messaging specification (msgspec v5).

usage: JUPYTER_PATH=... /usr/bin/python3 -m unittest -v conformance   (run from this folder; ConformanceTest does)
"""
import os
import unittest

import jupyter_kernel_test


class JnasKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("JNAS_KERNEL", "jnas")
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("a warning");'
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"jnas".length()', "result": "4"},
        {"code": "Spaces.nasBench201().size()", "result": "15625"},
    ]
    code_display_data = [
        {"code": 'display("shown");', "mime": "text/plain"},
        {"code": "display(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
    ]
    completion_samples = [
        {"text": "Math.ab", "matches": {"abs(", "absExact("}},
        {"text": "%cla", "matches": {"%classpath"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 1;", "import java.util.*;", "void f() {}"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", 'String s = "abc" +', "void f() {"]
    invalid_code_samples = ["int a = ;"]
    code_inspect_sample = "Math.max"
    code_history_pattern = "6 ? 7"   # a glob matching the first execute_result sample, "6 * 7"
    supported_history_operations = ("tail", "range", "search")
    code_clear_output = 'System.out.println("soon gone"); clearOutput();'
    # code_page_something stays empty: pager payloads are deprecated in the spec and jnas sends none


if __name__ == "__main__":
    unittest.main()
