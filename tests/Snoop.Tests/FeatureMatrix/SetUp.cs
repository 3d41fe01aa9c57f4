using Microsoft.AspNetCore.Http;

namespace Snoop.Tests.FeatureMatrix;

/// <summary>The four ways of putting (or not putting) a response wrapper in front of the same endpoints.</summary>
public enum SetUp
{
    NoWrapper,
    MemoryStreamTemplate,
    SyncOnlyWrapperStream,
    SnoopRuntime,
}

/// <summary>The set-ups as middleware, written the way applications write them.</summary>
internal static class SetUps
{
    public static readonly SetUp[] All = [SetUp.NoWrapper, SetUp.MemoryStreamTemplate, SetUp.SyncOnlyWrapperStream, SetUp.SnoopRuntime];

    public static string Title(SetUp setUp) => setUp switch
    {
        SetUp.NoWrapper => "No wrapper",
        SetUp.MemoryStreamTemplate => "MemoryStream template",
        SetUp.SyncOnlyWrapperStream => "Sync-only wrapper stream",
        SetUp.SnoopRuntime => "Snoop runtime",
        _ => throw new ArgumentOutOfRangeException(nameof(setUp)),
    };

    public static Func<HttpContext, RequestDelegate, Task> Middleware(SetUp setUp) => setUp switch
    {
        SetUp.NoWrapper => static (context, next) => next(context),
        SetUp.MemoryStreamTemplate => MemoryStreamTemplateAsync,
        SetUp.SyncOnlyWrapperStream => SyncOnlyWrapperAsync,
        SetUp.SnoopRuntime => SnoopRuntimeAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(setUp)),
    };

    /// <summary>The classic logging middleware: buffer the whole body in memory, read it, copy it out at the end.</summary>
    private static async Task MemoryStreamTemplateAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
            buffer.Position = 0;
            var text = await new StreamReader(buffer).ReadToEndAsync();
            GC.KeepAlive(text);
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    /// <summary>A counting stream that only overrides the synchronous members, installed as <c>Response.Body</c>.</summary>
    private static async Task SyncOnlyWrapperAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        context.Response.Body = new CountingStream(original);
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
    }

    /// <summary>The runtime's bounded body capture, as the code fixes generate it.</summary>
    private static async Task SnoopRuntimeAsync(HttpContext context, RequestDelegate next)
    {
        await using var capture = ResponseCapture.Begin(context, 32 * 1024);
        await next(context);
        _ = capture.GetBodyText();
    }

    /// <summary>
    /// What people write when they only need a byte count: the synchronous members and nothing else, so every
    /// asynchronous call falls back to <see cref="Stream"/>'s defaults, which run the synchronous ones.
    /// </summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesWritten { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            BytesWritten += count;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
