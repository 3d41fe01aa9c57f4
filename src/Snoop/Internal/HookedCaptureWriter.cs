using System;
using System.IO.Pipelines;

namespace Snoop.Internal;

/// <summary>
/// The writer of a body or observing capture: the bytes advanced are read back from the buffer this writer last
/// handed out and given to the capture's hooks. Outside the metrics budget, so it keeps the server's writer and
/// that buffer in fields rather than asking for them on every call.
/// </summary>
internal sealed class HookedCaptureWriter : CaptureWriter
{
    private readonly PipeWriter _inner;

    /// <summary>The buffer last handed out, read back on <see cref="Advance"/> (a writer has one user at a time).</summary>
    private Memory<byte> _buffer;

    public HookedCaptureWriter(ResponseMetricsCapture feature)
        : base(feature)
    {
        _inner = feature.InnerFeature.Writer;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        var memory = _inner.GetMemory(sizeHint);
        _buffer = memory;
        return memory;
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        // The bytes must be read back on Advance, which a span cannot be kept for: hand out the memory's span.
        var memory = _inner.GetMemory(sizeHint);
        _buffer = memory;
        return memory.Span;
    }

    public override void Advance(int bytes)
    {
        _inner.Advance(bytes);
        var buffer = _buffer;
        if (bytes <= buffer.Length)
        {
            _buffer = buffer.Slice(bytes);
            Feature.Written(buffer.Span.Slice(0, bytes));
        }
        else
        {
            // A buffer that did not come from this writer: count without looking.
            Feature.Counted(bytes);
        }
    }
}
