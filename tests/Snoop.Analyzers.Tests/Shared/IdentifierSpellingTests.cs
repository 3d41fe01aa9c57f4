using Snoop.Analyzers.Tests.Rules;
using BodyNotRestored = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule>;
using ContentReplaced = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.ResponseContentReplacedRule>;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>
/// <c>Body</c> and <c>Content</c> spelled with a unicode escape (<c>B\u006fdy</c>) or with a formatting character inside
/// (the compiler ignores those in identifiers) are the same members: the rules fire and stay silent on them as on the
/// plain spelling. A guard for any text prefilter in front of the rules (one was tried in issue 14 round 3: a search for
/// the plain name alone would miss these).
/// </summary>
public class IdentifierSpellingTests
{
    private const string ZeroWidthJoiner = "\u200D";

    [Fact]
    public Task Fires_SNOOP002_BodyWrittenWithAUnicodeEscape() => BodyNotRestored.VerifyAnalyzerAsync(BufferedResponseBodyTests.Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.B\u006fdy;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.B\u006fdy = buffer|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.B\u006fdy = original;
            }
        }
        """);

    [Fact]
    public Task Silent_SNOOP002_BodyWrittenWithAUnicodeEscape_RestoredInFinally() => BodyNotRestored.VerifyAnalyzerAsync(BufferedResponseBodyTests.Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.B\u006fdy;
                using var buffer = new MemoryStream();
                context.Response.B\u006fdy = buffer;
                try
                {
                    await next(context);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(original);
                }
                finally
                {
                    context.Response.B\u006fdy = original;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_SNOOP002_BodyWrittenWithAFormattingCharacter() => BodyNotRestored.VerifyAnalyzerAsync(BufferedResponseBodyTests.Usings + """
        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var original = context.Response.BODY;
                using var buffer = new MemoryStream();
                {|SNOOP002:context.Response.BODY = buffer|};
                await next(context);
                buffer.Position = 0;
                await buffer.CopyToAsync(original);
                context.Response.BODY = original;
            }
        }
        """.Replace("BODY", "Bo" + ZeroWidthJoiner + "dy"));

    [Fact]
    public Task Silent_SNOOP002_OwnBodyPropertyWrittenWithAFormattingCharacter() => BodyNotRestored.VerifyAnalyzerAsync(BufferedResponseBodyTests.Usings + """
        public sealed class Envelope
        {
            public Stream? BODY { get; set; }
        }

        public class M(RequestDelegate next)
        {
            public async Task InvokeAsync(HttpContext context, Envelope envelope)
            {
                using var buffer = new MemoryStream();
                envelope.BODY = buffer;
                await next(context);
                envelope.BODY = null;
            }
        }
        """.Replace("BODY", "Bo" + ZeroWidthJoiner + "dy"));

    [Fact]
    public Task Fires_SNOOP008_ContentWrittenWithAUnicodeEscape() => ContentReplaced.VerifyAnalyzerAsync(ResponseContentReplacedTests.Usings + """
        public sealed class ResponseLoggingHandler(ILogger<ResponseLoggingHandler> logger) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var text = await response.C\u006fntent.ReadAsStringAsync(cancellationToken);
                logger.LogDebug("{Status} {Text}", (int)response.StatusCode, text);
                {|SNOOP008:response.C\u006fntent = new StringContent(text)|};
                return response;
            }
        }
        """);

    [Fact]
    public Task Silent_SNOOP008_RequestContentWrittenWithAUnicodeEscape() => ContentReplaced.VerifyAnalyzerAsync(ResponseContentReplacedTests.Usings + """
        public sealed class StampingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.C\u006fntent is { } sent)
                {
                    var text = await sent.ReadAsStringAsync(cancellationToken);
                    request.C\u006fntent = new StringContent(text + "\n");
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
        """);
}
