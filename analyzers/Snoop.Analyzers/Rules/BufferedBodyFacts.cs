using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Rules;

/// <summary>What happens to the buffered bytes on their way back to the original body.</summary>
internal enum CopyBack
{
    /// <summary>Copied back unchanged (<c>CopyToAsync(original)</c>, <c>WriteAsync(ms.ToArray())</c>...).</summary>
    Unchanged,

    /// <summary>Something other than the buffered bytes is written to the original (envelope, minifier, injection).</summary>
    Changed,

    /// <summary>Nothing is copied back.</summary>
    Missing,

    /// <summary>The buffer or the original is used in a way the fix does not understand.</summary>
    Unknown,
}

/// <summary>How the code consumed the buffer; the fix maps each onto the capture.</summary>
internal enum Consumption
{
    /// <summary><c>new StreamReader(ms).ReadToEnd[Async]()</c> or <c>encoding.GetString(ms.ToArray())</c>: becomes <c>capture.GetBodyText()</c>.</summary>
    Text,

    /// <summary><c>ms.ToArray()</c>: becomes <c>capture.Body.ToArray()</c>.</summary>
    Bytes,

    /// <summary><c>ms.Length</c>: becomes <c>capture.BytesWritten</c>.</summary>
    Length,
}

/// <summary>Why SNOOP001 offers no fix (in order of precedence: the first that applies is reported).</summary>
internal enum NotFixableReason
{
    /// <summary>The bytes written back are not the buffered bytes unchanged (<see cref="CopyBack.Changed"/>).</summary>
    BytesChanged,

    /// <summary>Status or headers are set after the next component ran: that works only while the body is held back.</summary>
    HeadersChangedAfterHandler,

    /// <summary>Nothing is copied back (<see cref="CopyBack.Missing"/>): streaming the response through would change what the client gets.</summary>
    NoCopyBack,

    /// <summary>The buffer or the original is used in a way the fix does not understand (<see cref="CopyBack.Unknown"/>).</summary>
    UnknownUse,

    /// <summary>The swap installs no local buffer, or keeps the body feature rather than the body.</summary>
    NoLocalBuffer,

    /// <summary>A statement the fix removes is not a whole statement of a block, or the function has preprocessor directives.</summary>
    NotAWholeStatement,

    /// <summary>The original or the buffer is not declared alone (<c>var original = context.Response.Body;</c>).</summary>
    NotDeclaredAlone,

    /// <summary>A read of the buffer sits outside the block that would hold the capture.</summary>
    ReadOutsideTheCapture,

    /// <summary>The function hands back the next component's task without awaiting it.</summary>
    TaskNotAwaited,

    /// <summary>The <c>HttpContext</c> is implicit or declared nullable, so the capture cannot be handed it as written.</summary>
    ContextNotUsable,
}

/// <summary>One expression the fix replaces by a read of the capture.</summary>
internal readonly struct Replacement
{
    public Replacement(ExpressionSyntax node, Consumption kind, ExpressionSyntax? encoding)
    {
        Node = node;
        Kind = kind;
        Encoding = encoding;
    }

    /// <summary>The expression to replace.</summary>
    public ExpressionSyntax Node { get; }

    /// <summary>What it becomes.</summary>
    public Consumption Kind { get; }

    /// <summary>For text read through an explicit non-UTF-8 encoding, that encoding.</summary>
    public ExpressionSyntax? Encoding { get; }
}
