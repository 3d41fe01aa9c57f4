namespace Snoop.Analyzers.Rules;

/// <summary>How the bytes of the new content relate to the response's own content.</summary>
internal enum ContentFlow
{
    /// <summary>Not built from reading the response's content.</summary>
    None = 0,

    /// <summary>The bytes read, unchanged (a string, a byte array, a copy in a <c>MemoryStream</c>, the read stream itself).</summary>
    Same = 1,

    /// <summary>Built from the bytes read, but not the same bytes (rewritten, decompressed, re-serialized).</summary>
    Transformed = 2,
}
