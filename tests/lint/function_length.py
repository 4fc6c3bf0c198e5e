#!/usr/bin/env python3
"""Fails when a function in the given folders is longer than 80 lines and the comment
right above it does not say why it is kept whole.

A function (or a coroutine) that grows past a screen splits into named steps; where
one long body reads better (a table, a state machine), the comment above it says so
with the words "kept whole" and the reason. Lines are counted from the opening brace
to the closing one. Reads C++ as text: comments and string literals are blanked,
then braces are matched; namespace, class and enum bodies and `= {` initialisers at
namespace scope are not functions.

  tests/lint/function_length.py src [more folders]
  tests/lint/function_length.py --self-test     # the checker on samples it must judge
"""

import os
import re
import sys

LIMIT = 80
MARK = "kept whole"


def blank(text):
    """The text with comments, string and character literals blanked (lines kept)."""
    keep_lines = lambda m: "\n" * m.group(0).count("\n")
    text = re.sub(r'R"([^(\s]*)\((?:.|\n)*?\)\1"', lambda m: '""' + keep_lines(m), text)
    text = re.sub(r"/\*(?:.|\n)*?\*/", keep_lines, text)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
    text = re.sub(r"'(?:\\.|[^'\\\n])*'", "''", text)
    return text


SCOPE = re.compile(r"(\bnamespace\b[^;{}()]*|\b(?:struct|class|union|enum)\b[^;{}()]*|extern\s*\"\")$")


def functions(code):
    """(first line, last line) of each function body, 0-based."""
    stack = []  # "scope", "fn" or "block"
    start = 0
    for number, line in enumerate(code.split("\n")):
        for column, ch in enumerate(line):
            if ch == "{":
                before = line[:column].rstrip()
                if SCOPE.search(before):
                    stack.append("scope")
                elif all(k == "scope" for k in stack) and not before.endswith("="):
                    stack.append("fn")
                    start = number
                else:
                    stack.append("block")
            elif ch == "}" and stack:
                if stack.pop() == "fn":
                    yield start, number


def explained(lines, first):
    """Whether the comment above the function starting at `first` says why it is long."""
    i = first
    # Back over the signature (the lines since the previous declaration ended).
    while i > 0 and lines[i - 1].strip() and not lines[i - 1].strip().startswith("//") \
            and not lines[i - 1].rstrip().endswith((";", "}", "{")):
        i -= 1
    comment = []
    while i > 0 and lines[i - 1].strip().startswith("//"):
        comment.append(lines[i - 1])
        i -= 1
    return MARK in " ".join(" ".join(c.strip("/ ").split()) for c in comment)


def main(folders):
    failures = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in sorted(names):
                if not name.endswith((".cpp", ".hpp", ".h", ".cc")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as f:
                    source = f.read()
                lines = source.split("\n")
                for first, last in functions(blank(source)):
                    length = last - first + 1
                    if length > LIMIT and not explained(lines, first):
                        failures.append(f"{path}:{first + 1}: a function of {length} lines "
                                        f"(over {LIMIT}) with no comment above saying why it is "
                                        f"{MARK}")
    for f in failures:
        print(f)
    return 1 if failures else 0


def self_test():
    """The checker on samples: each must be judged as its name says."""
    import tempfile
    body = "".join(f"  int v{i} = {i};  // {{ not a brace\n" for i in range(LIMIT))
    samples = {
        "long.cpp": f"namespace a {{\nint f() {{\n{body}  return 0;\n}}\n}}\n",
        "long_lambda.cpp": f"void g() {{\n  auto l = [] {{\n{body}  }};\n}}\n",
        "kept.cpp": f"// A table, kept whole: one place to read it.\n"
                    f"int f(int a,\n      int b) {{\n{body}  return a + b;\n}}\n",
        "short.cpp": "struct S {\n  int f() { return 1; }\n};\nint g() { return 2; }\n",
        "table.cpp": "const int kTable[] = {\n" + "  1,\n" * (2 * LIMIT) + "};\n",
        "string.cpp": f'void h() {{\n  const char* s = R"(}}}}{{)";\n{body[:300]}}}\n',
    }
    bad = {"long.cpp", "long_lambda.cpp"}
    with tempfile.TemporaryDirectory() as d:
        for name, text in samples.items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
        import contextlib
        import io
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main([d])
        flagged = {os.path.basename(line.split(":")[0]) for line in out.getvalue().splitlines()}
    if flagged != bad:
        print(f"self-test: flagged {sorted(flagged)}, expected {sorted(bad)}")
        return 1
    print("self-test: ok")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "--self-test":
        sys.exit(self_test())
    sys.exit(main(sys.argv[1:]))
