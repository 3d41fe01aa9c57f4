using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Snoop.Analyzers.Shared;
using Snoop.Analyzers.Tests.Rules;
using BodyNotRestored = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyNotRestoredAnalyzer>;
using ContentReplaced = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.ResponseContentReplacedAnalyzer>;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>
/// The text prefilter in front of the per-node rules: it may find more than the identifiers, never less. An identifier
/// spelled with a unicode escape or with a formatting character inside (both the same identifier to the compiler) must
/// still reach the rules.
/// </summary>
public class NameMentionsTests
{
    private const string ZeroWidthJoiner = "\u200D";

    // ------------------------------------------------------------------ the prefilter itself

    [Fact]
    public void Mentions_WholeWordsOnly_PerSpan()
    {
        const string text = "class C { void A() { x.Body = y; } void B() { ResponseBody = Settings; } }";
        var tree = CSharpSyntaxTree.ParseText(text);
        var mentions = NameMentions.For(CSharpCompilation.Create("t", [tree]));
        var a = new TextSpan(text.IndexOf("void A", StringComparison.Ordinal), text.IndexOf("void B", StringComparison.Ordinal) - text.IndexOf("void A", StringComparison.Ordinal));
        var b = TextSpan.FromBounds(a.End, text.Length);

        Assert.True(mentions.Mentions(tree, a, MentionedName.Body));
        Assert.False(mentions.Mentions(tree, b, MentionedName.Body));
        Assert.False(mentions.Mentions(tree, new TextSpan(0, text.Length), MentionedName.Set));
        Assert.False(mentions.Mentions(tree, new TextSpan(0, text.Length), MentionedName.Content));
    }

    [Theory]
    [InlineData(@"class C { void M() { x.B\u006fdy = y; } }")]
    [InlineData(@"class C { void M() { x.B\U0000006fdy = y; } }")]
    [InlineData("class C { void M() { x.Bo" + ZeroWidthJoiner + "dy = y; } }")]
    [InlineData(@"class C { string s = ""\u00e9""; void M() { } }")]
    public void Mentions_EverythingEverywhere_WhenTheTextCouldSpellANameOtherwise(string text)
    {
        var tree = CSharpSyntaxTree.ParseText(text);
        var mentions = NameMentions.For(CSharpCompilation.Create("t", [tree]));

        Assert.True(NameMentions.CouldSpellOtherwise(text));
        Assert.True(mentions.Mentions(tree, new TextSpan(0, 1), MentionedName.Body));
        Assert.True(mentions.Mentions(tree, new TextSpan(0, 1), MentionedName.Set));
    }

    [Fact]
    public void CouldSpellOtherwise_NotForPlainTextOrOtherEscapes() =>
        Assert.False(NameMentions.CouldSpellOtherwise("class C { string s = \"a\\tb\\\\n é\"; }"));

    // ------------------------------------------------------------------ through the rules

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
