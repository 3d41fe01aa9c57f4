namespace Snoop.Analyzers.Shared;

/// <summary>What a <c>Stream</c> wrapper's write path does with the bytes it is given.</summary>
internal enum WrapperWriteKind
{
    /// <summary>Not a write wrapper: no write member is overridden, or none reaches the wrapped stream.</summary>
    None,

    /// <summary>The writes go into a buffer (a <c>MemoryStream</c>) instead of the wrapped stream (SNOOP001's shape).</summary>
    Buffers,

    /// <summary>
    /// The bytes reaching the wrapped stream may differ from the bytes received: they go through an encoder the class
    /// created over it, the buffer is changed, bytes are added outside the write path, or the shape is not one we can
    /// prove (precision first: unsure counts as transforming).
    /// </summary>
    Transforms,

    /// <summary>Every write hands its own arguments to the wrapped stream unchanged, and does something else on the side.</summary>
    Observes,

    /// <summary>Every write hands its arguments on unchanged and only adds the written length to one counter.</summary>
    CountsOnly,
}
