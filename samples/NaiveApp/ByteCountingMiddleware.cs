namespace NaiveApp;

/// <summary>
/// Counts response bytes with a Stream wrapper installed as Response.Body. Snoop: SNOOP007 (the wrapper only counts,
/// yet replacing the body turns send-file into a copy through it and BodyWriter into a pipe over it; the fix counts with
/// ResponseCapture.BeginMetrics instead), and SNOOP003 on the wrapper, which overrides only the synchronous members
/// (every async write becomes a blocking Write and Kestrel throws "Synchronous operations are disallowed").
/// </summary>
public sealed class ByteCountingMiddleware(RequestDelegate next, ILogger<ByteCountingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var original = context.Response.Body;
        var counting = new CountingStream(original);
        context.Response.Body = counting;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
            logger.LogInformation("Response {Path}: {Bytes} bytes", context.Request.Path, counting.BytesWritten);
        }
    }
}

public sealed class CountingStream(Stream inner) : Stream
{
    public long BytesWritten { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        BytesWritten += count;
        inner.Write(buffer, offset, count);
    }

    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
