namespace NaiveApp;

/// <summary>
/// Counts response bytes with a Stream wrapper that overrides only the synchronous members. Snoop: SNOOP003
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
