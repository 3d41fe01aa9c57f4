using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule, Snoop.CodeFixes.Rules.BodyNotRestoredCodeFix>;
using VerifyAnalyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP002 on the paths real middleware takes (issue 11): an optional swap inside an <c>if</c>, restored after the
/// copy-back in each branch but not in <c>finally</c>; a success-path restore with early returns or a <c>catch</c> that
/// leaves the buffer installed. And the look-alikes that do cover every path.
/// </summary>
public class BodyNotRestoredPathTests
{
    private const string Usings = BufferedResponseBodyTests.Usings;

    private static Task NoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

    // ------------------------------------------------------------------ optional swap (inside an if)

    [Fact]
    public Task Fix_OptionalSwap_OriginalKeptInTheBranch_NullChecked_GuardedRestoreInFinally() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class ApiResponseLogger(RequestDelegate next, ILogger<ApiResponseLogger> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                Stream? original = null;
                MemoryStream? buffer = null;
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    original = context.Response.Body;
                    buffer = new MemoryStream();
                    {|SNOOP002:context.Response.Body = buffer|};
                }

                await next(context);

                if (buffer != null && original != null)
                {
                    buffer.Position = 0;
                    logger.LogInformation("{Length} bytes", buffer.Length);
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
            }
        }
        """,
        Usings + """
        public class ApiResponseLogger(RequestDelegate next, ILogger<ApiResponseLogger> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                Stream? original = null;
                MemoryStream? buffer = null;
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    original = context.Response.Body;
                    buffer = new MemoryStream();
                    context.Response.Body = buffer;
                }

                try
                {
                    await next(context);

                    if (buffer != null && original != null)
                    {
                        buffer.Position = 0;
                        logger.LogInformation("{Length} bytes", buffer.Length);
                        await buffer.CopyToAsync(original);
                        context.Response.Body = original;
                    }
                }
                finally
                {
                    if (original != null)
                    {
                        context.Response.Body = original;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_OptionalSwap_Flag_OriginalKeptUpFront_PlainRestoreInFinally() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var capture = context.Request.Query.ContainsKey("debug");
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                if (capture)
                {
                    {|SNOOP002:context.Response.Body = buffer|};
                }

                await next(context);
                if (capture)
                {
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var capture = context.Request.Query.ContainsKey("debug");
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                if (capture)
                {
                    context.Response.Body = buffer;
                }

                try
                {
                    await next(context);
                    if (capture)
                    {
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        context.Response.Body = original;
                    }
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_OptionalSwap_RestoredInBothBranchesOfTheCopyBack_NoFinally() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class Capture
        {
            public static async Task Run(HttpContext context, Func<Task> next, bool enabled)
            {
                var originalBody = context.Response.Body;
                var buffer = new MemoryStream();
                if (enabled)
                {
                    {|SNOOP002:context.Response.Body = buffer|};
                }

                await next();
                if (enabled && buffer.Length > 0)
                {
                    buffer.Position = 0;
                    await buffer.CopyToAsync(originalBody);
                    context.Response.Body = originalBody;
                }
                else if (enabled)
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """,
        Usings + """
        public static class Capture
        {
            public static async Task Run(HttpContext context, Func<Task> next, bool enabled)
            {
                var originalBody = context.Response.Body;
                var buffer = new MemoryStream();
                if (enabled)
                {
                    context.Response.Body = buffer;
                }

                try
                {
                    await next();
                    if (enabled && buffer.Length > 0)
                    {
                        buffer.Position = 0;
                        await buffer.CopyToAsync(originalBody);
                        context.Response.Body = originalBody;
                    }
                    else if (enabled)
                    {
                        context.Response.Body = originalBody;
                    }
                }
                finally
                {
                    context.Response.Body = originalBody;
                }
            }
        }
        """);

    public static TheoryData<string, string> OptionalSwapSilentCases() => new()
    {
        { "optional swap, restore in finally under the flag", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var swapped = false;
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    try
                    {
                        if (context.Request.Path.StartsWithSegments("/api"))
                        {
                            context.Response.Body = buffer;
                            swapped = true;
                        }

                        await next(context);
                        if (swapped)
                        {
                            buffer.Position = 0;
                            await buffer.CopyToAsync(original);
                        }
                    }
                    finally
                    {
                        if (swapped) context.Response.Body = original;
                    }
                }
            }
            """ },
        { "optional swap, original kept in the branch, null-checked restore in finally", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    Stream? original = null;
                    try
                    {
                        if (context.Request.Path.StartsWithSegments("/api"))
                        {
                            original = context.Response.Body;
                            context.Response.Body = new MemoryStream();
                        }

                        await next(context);
                    }
                    finally
                    {
                        if (original is not null)
                        {
                            context.Response.Body = original;
                        }
                    }
                }
            }
            """ },
        { "swap and its try/finally both inside the branch", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    if (!context.Request.Path.StartsWithSegments("/api"))
                    {
                        await next(context);
                        return;
                    }

                    var original = context.Response.Body;
                    if (original is null)
                    {
                        throw new InvalidOperationException("no body");
                    }

                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await next(context);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }
            }
            """ },
        { "optional swap with the original null-checked, restored by a using scope", """
            public sealed class BodyScope(HttpContext context, Stream? original) : IDisposable
            {
                public void Dispose() { if (original != null) context.Response.Body = original; }
            }

            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    Stream? original = null;
                    if (context.Request.Query.ContainsKey("debug"))
                    {
                        original = context.Response.Body;
                        context.Response.Body = new MemoryStream();
                    }

                    using var scope = new BodyScope(context, original);
                    await next(context);
                }
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(OptionalSwapSilentCases))]
    public Task Silent_OptionalSwap(string name, string source)
    {
        _ = name;
        return VerifyAnalyzer.VerifyAnalyzerAsync(Usings + source);
    }

    // ------------------------------------------------------------------ success path only: early returns, catches

    [Fact]
    public Task Fires_EarlyReturnInsideTheTry_CatchRestores_NoFix() => NoFix(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    if (context.Response.StatusCode == StatusCodes.Status204NoContent)
                    {
                        return;
                    }

                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
                catch
                {
                    context.Response.Body = original;
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_EarlyReturnAfterNext_NoCatch_ReturnsInsideTheTry() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                await next(context);
                if (context.Response.ContentType?.StartsWith("application/json") != true)
                {
                    return;
                }

                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.Body = original;
            }
        }
        """,
        Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next(context);
                    if (context.Response.ContentType?.StartsWith("application/json") != true)
                    {
                        return;
                    }

                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    context.Response.Body = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_SyncRenderer_EarlyReturnOfAnEmptyBody_CatchRestores() => VerifyAnalyzer.VerifyAnalyzerAsync(Usings + """
        public static class Renderer
        {
            public static string Render(HttpContext context, Action<HttpContext> render)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                try
                {
                    render(context);
                    if (buffer.Length == 0)
                    {
                        return string.Empty;
                    }

                    context.Response.Body = original;
                    return Encoding.UTF8.GetString(buffer.ToArray());
                }
                catch (Exception)
                {
                    context.Response.Body = original;
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_CatchRestoresOnlyOneExceptionType() => NoFix(Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
                catch (IOException)
                {
                    context.Response.Body = original;
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_ACatchThatSwallowsWithoutRestoring_NextToOneThatRestores() => NoFix(Usings + """
        public class M(RequestDelegate next, ILogger<M> logger)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.Body;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.Body = buffer|};
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                    context.Response.Body = original;
                }
                catch (OperationCanceledException)
                {
                    logger.LogInformation("client went away");
                }
                catch (Exception ex)
                {
                    context.Response.Body = original;
                    logger.LogError(ex, "failed");
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_ReturnFromACatch_OfTheTryThatRestores() => VerifyAnalyzer.VerifyAnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Builder;

        public static class Setup
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    {|SNOOP002:context.Response.Body = buffer|};
                    try
                    {
                        await next();
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        context.Response.Body = original;
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                    catch
                    {
                        context.Response.Body = original;
                        throw;
                    }
                });
            }
        }
        """);

    public static TheoryData<string, string> EveryPathSilentCases() => new()
    {
        { "success restore and a catch-all that restores, logs and rethrows", """
            public class M(RequestDelegate next, ILogger<M> logger)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await next(context);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        context.Response.Body = original;
                    }
                    catch (Exception ex)
                    {
                        context.Response.Body = original;
                        logger.LogError(ex, "request failed");
                        throw;
                    }
                }
            }
            """ },
        { "early return that restores first, and a catch-all that restores", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await next(context);
                        if (context.Response.StatusCode == 304)
                        {
                            context.Response.Body = original;
                            return;
                        }

                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        context.Response.Body = original;
                    }
                    catch
                    {
                        context.Response.Body = original;
                        throw;
                    }
                }
            }
            """ },
        { "early return before the swap", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    if (context.WebSockets.IsWebSocketRequest)
                    {
                        await next(context);
                        return;
                    }

                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try
                    {
                        await next(context);
                        context.Response.Body = original;
                    }
                    catch
                    {
                        context.Response.Body = original;
                        throw;
                    }
                }
            }
            """ },
        { "return in the other branch of the if that swaps", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    if (context.Request.Path.StartsWithSegments("/api"))
                    {
                        context.Response.Body = new MemoryStream();
                        try
                        {
                            await next(context);
                            context.Response.Body = original;
                        }
                        catch
                        {
                            context.Response.Body = original;
                            throw;
                        }
                    }
                    else
                    {
                        await next(context);
                        return;
                    }
                }
            }
            """ },
        { "return after the restore", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await next(context);
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                        context.Response.Body = original;
                        if (buffer.Length == 0)
                        {
                            return;
                        }

                        Console.WriteLine(buffer.Length);
                    }
                    catch
                    {
                        context.Response.Body = original;
                        throw;
                    }
                }
            }
            """ },
        { "early returns, restore in finally", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    using var buffer = new MemoryStream();
                    context.Response.Body = buffer;
                    try
                    {
                        await next(context);
                        if (context.Response.StatusCode >= 400) return;
                        if (buffer.Length == 0) return;
                        buffer.Position = 0;
                        await buffer.CopyToAsync(original);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }
                }
            }
            """ },
        { "two catches, each restores, one of them catch-all", """
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try
                    {
                        await next(context);
                        context.Response.Body = original;
                    }
                    catch (OperationCanceledException)
                    {
                        context.Response.Body = original;
                    }
                    catch (Exception)
                    {
                        context.Response.Body = original;
                        throw;
                    }
                }
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(EveryPathSilentCases))]
    public Task Silent_EveryPathRestores(string name, string source)
    {
        _ = name;
        return VerifyAnalyzer.VerifyAnalyzerAsync(Usings + source);
    }
}
