using AssistantLsp.Features.CodeActions;

namespace AssistantLsp.Features.Tests.CodeActions;

/// <summary>The block code actions work on when only a cursor is given; '|' marks the cursor.</summary>
public class EnclosingBlockTests
{
    public static TheoryData<string, string, string?> Cases => new()
    {
        {
            "c-like function around the cursor",
            "int x;\nint add(int a, int b) {\n  return a|+b;\n}\nint y;\n",
            "int add(int a, int b) {\n  return a+b;\n}"
        },
        {
            "a control block inside a function gives the function",
            "void f() {\n  if (x) {\n    g(|);\n  }\n}\n",
            "void f() {\n  if (x) {\n    g();\n  }\n}"
        },
        {
            "innermost non-control block: method, not class",
            "class C {\n  int M() {\n    return |1;\n  }\n}\n",
            "int M() {\n    return 1;\n  }"
        },
        {
            "cursor on the header line belongs to that block",
            "function |f() {\n  return 1;\n}\n",
            "function f() {\n  return 1;\n}"
        },
        {
            "Allman brace: header is the line above",
            "void F()\n{\n    G(|);\n}\n",
            "void F()\n{\n    G();\n}"
        },
        {
            "braces in strings and comments are ignored",
            "void f() {\n  s = \"}\"; // }\n  /* { */ g(|);\n}\n",
            "void f() {\n  s = \"}\"; // }\n  /* { */ g();\n}"
        },
        {
            "python function by indentation, blank lines inside",
            "import os\n\ndef add(a, b):\n    c = a\n\n    return c|+b\n\nprint(1)\n",
            "def add(a, b):\n    c = a\n\n    return c+b"
        },
        {
            "python: an if inside a def gives the def",
            "def f(x):\n    if x:\n        return |1\n    return 2\n",
            "def f(x):\n    if x:\n        return 1\n    return 2"
        },
        {
            "python: method inside a class",
            "class A:\n    def m(self):\n        pass|\n\n    def n(self):\n        pass\n",
            "def m(self):\n        pass"
        },
        {
            "only a control block: it is taken",
            "if (x) {\n  y(|);\n}\n",
            "if (x) {\n  y();\n}"
        },
        {
            "CRLF line ends are not part of the block",
            "void f() {\r\n  g(|);\r\n}\r\nz\r\n",
            "void f() {\r\n  g();\r\n}"
        },
        { "top-level code has no block", "a = 1\nb = |2\n", null },
        { "one-line braces are not a block", "var o = { a: |1 };\n", null },
        { "empty text", "|", null },
        { "unbalanced braces do not crash", "}}{ f(|)\n{\n", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Finds_the_enclosing_block(string name, string marked, string? expected)
    {
        var offset = marked.IndexOf('|', StringComparison.Ordinal);
        var text = marked.Remove(offset, 1);

        var block = EnclosingBlock.Find(text, offset);

        Assert.True(expected == (block is { } b ? text[b.Start..b.End] : null), $"{name}: got {(block is { } g ? text[g.Start..g.End] : "none")}");
    }

    [Fact]
    public void Offsets_outside_the_text_are_clamped()
    {
        Assert.Null(EnclosingBlock.Find("x", 99));
        Assert.Null(EnclosingBlock.Find("x", -5));
    }
}
