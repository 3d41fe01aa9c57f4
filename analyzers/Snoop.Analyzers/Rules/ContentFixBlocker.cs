namespace Snoop.Analyzers.Rules;

/// <summary>Why the SNOOP008 fix is not offered.</summary>
internal enum ContentFixBlocker
{
    /// <summary>The fix applies.</summary>
    None,

    /// <summary>The new content's bytes differ from the original: dropping it would change what the caller reads.</summary>
    Transformed,

    /// <summary>The function is not async and <c>HttpContent</c> has no public synchronous <c>LoadIntoBuffer</c>.</summary>
    NotAsync,

    /// <summary>The handler keeps reading through <c>ReadAsStream(Async)</c> or an extension method: once buffered, that stream is the one every later reader gets, at its end.</summary>
    StreamRead,

    /// <summary>
    /// The replacement is not a statement of its own in a block (top-level statements, an expression body): there is no
    /// block to remove it from. The message stays the fixable one's (no message of its own; the property says why).
    /// </summary>
    NotInABlock,

    /// <summary>
    /// The new content's local is used for more than its declaration (a statement of its own), its header set-up and the
    /// replacement: it would go with the replacement. The message stays the fixable one's.
    /// </summary>
    NewContentUsedOtherwise,
}
