using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Tests.Rules;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.ResponseContentReplacedRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.ResponseContentReplacedRule, Snoop.CodeFixes.Rules.ResponseContentReplacedCodeFix>;

namespace Snoop.Analyzers.Tests.LanguageCoverage;

/// <summary>
/// SNOOP008 across the language: top-level programs, records, local functions, generic, nested and partial types,
/// #if regions, generated code, nullable annotations, using blocks and CRLF files. Every fixed output is compiled by the verifier.
/// </summary>
public class ResponseContentReplacedLanguageTests
{
    private const string Usings = ResponseContentReplacedTests.Usings;

    // ------------------------------------------------------------------ top-level programs

    [Fact]
    public Task Fires_TopLevelProgram_ReplacementInTheStatementsThemselves_NoFix()
    {
        // Top-level statements are not a block the fix can insert into: reported, no fix.
        var source = Usings + """
            using var client = new HttpClient();
            var response = await client.GetAsync("https://example.org/");
            var text = await response.Content.ReadAsStringAsync();
            Console.WriteLine(text.Length);
            {|SNOOP008:response.Content = new StringContent(text)|};
            Console.WriteLine(await response.Content.ReadAsStringAsync());
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_TopLevelProgram_LocalFunctionThatOnlyReads()
    {
        var test = new Analyzer.Test
        {
            TestCode = Usings + """
                using var client = new HttpClient();
                using var response = await client.GetAsync("https://example.org/");
                Console.WriteLine(await PeekAsync(response));
                Console.WriteLine(await response.Content.ReadAsStringAsync());

                static async Task<string> PeekAsync(HttpResponseMessage response)
                {
                    await response.Content.LoadIntoBufferAsync();
                    return await response.Content.ReadAsStringAsync();
                }
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ records

    [Fact]
    public Task Fix_Record_PropertyHoldingTheResponse() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed record ApiResult(HttpResponseMessage Response)
        {
            public async Task<string> PeekAsync()
            {
                var text = await Response.Content.ReadAsStringAsync();
                {|SNOOP008:Response.Content = new StringContent(text)|};
                return text;
            }
        }
        """,
        Usings + """
        public sealed record ApiResult(HttpResponseMessage Response)
        {
            public async Task<string> PeekAsync()
            {
                await Response.Content.LoadIntoBufferAsync();
                var text = await Response.Content.ReadAsStringAsync();
                return text;
            }
        }
        """);

    [Fact]
    public Task Silent_Record_ItsOwnContentProperty() => Analyzer.VerifyAnalyzerAsync(Usings + """
        // The record's Content is not HttpResponseMessage.Content.
        public sealed record Envelope(HttpContent Content)
        {
            public HttpContent Content { get; set; } = Content;
        }

        public static class Envelopes
        {
            public static async Task<Envelope> RebuildAsync(HttpResponseMessage response)
            {
                var text = await response.Content.ReadAsStringAsync();
                var envelope = new Envelope(response.Content);
                envelope.Content = new StringContent(text);
                return envelope;
            }
        }
        """);

    // ------------------------------------------------------------------ local functions and lambdas

    [Fact]
    public Task Fix_LocalFunction_InsideSendAsync() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class LocalFunctionHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await LogAsync(response);
                return response;

                static async Task LogAsync(HttpResponseMessage message)
                {
                    var bytes = await message.Content.ReadAsByteArrayAsync();
                    Console.WriteLine(Encoding.UTF8.GetString(bytes));
                    {|SNOOP008:message.Content = new ByteArrayContent(bytes)|};
                }
            }
        }
        """,
        Usings + """
        public sealed class LocalFunctionHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await LogAsync(response);
                return response;

                static async Task LogAsync(HttpResponseMessage message)
                {
                    await message.Content.LoadIntoBufferAsync();
                    var bytes = await message.Content.ReadAsByteArrayAsync();
                    Console.WriteLine(Encoding.UTF8.GetString(bytes));
                }
            }
        }
        """);

    [Fact]
    public Task Fires_SyncLambda_ContinueWith_NoFix()
    {
        var source = Usings + """
            public sealed class ContinuationHandler : DelegatingHandler
            {
                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    => base.SendAsync(request, cancellationToken).ContinueWith(task =>
                    {
                        var response = task.Result;
                        var text = response.Content.ReadAsStringAsync().Result;
                        Console.WriteLine(text);
                        {|SNOOP008:response.Content = new StringContent(text)|};
                        return response;
                    }, cancellationToken);
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    // ------------------------------------------------------------------ generic, nested and partial types

    [Fact]
    public Task Fix_GenericHandler() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class LoggingHandler<TCategory> : DelegatingHandler
        {
            private readonly ILogger<TCategory> _logger;

            public LoggingHandler(ILogger<TCategory> logger) => _logger = logger;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                _logger.LogInformation("{Body}", body);
                {|SNOOP008:response.Content = new StringContent(body, Encoding.UTF8, "application/json")|};
                return response;
            }
        }
        """,
        Usings + """
        public class LoggingHandler<TCategory> : DelegatingHandler
        {
            private readonly ILogger<TCategory> _logger;

            public LoggingHandler(ILogger<TCategory> logger) => _logger = logger;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync();
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                _logger.LogInformation("{Body}", body);
                return response;
            }
        }
        """);

    [Fact]
    public Task Fix_NestedInAStaticClass() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class Handlers
        {
            internal sealed class Inner : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    Console.WriteLine(text);
                    {|SNOOP008:response.Content = new StringContent(text)|};
                    return response;
                }
            }
        }
        """,
        Usings + """
        public static class Handlers
        {
            internal sealed class Inner : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    await response.Content.LoadIntoBufferAsync();
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    Console.WriteLine(text);
                    return response;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_PartialClass_TwoFiles_TheFileWithTheReplacement()
    {
        var first = Usings + """
            public partial class SplitHandler : DelegatingHandler
            {
                private void Log(string text) => Console.WriteLine(text);
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("SplitHandler.cs", first));
        test.TestState.Sources.Add(("SplitHandler.Send.cs", Usings + """
            public partial class SplitHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    Log(text);
                    {|SNOOP008:response.Content = new StringContent(text)|};
                    return response;
                }
            }
            """));
        test.FixedState.Sources.Add(("SplitHandler.cs", first));
        test.FixedState.Sources.Add(("SplitHandler.Send.cs", Usings + """
            public partial class SplitHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    await response.Content.LoadIntoBufferAsync();
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    Log(text);
                    return response;
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_PartialClass_HeaderCopyInTheSameMethod_AcrossParts()
    {
        var test = new Analyzer.Test();
        test.TestState.Sources.Add(("Copying.cs", Usings + """
            public partial class Copying : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    var copy = new StringContent(text);
                    foreach (var header in response.Content.Headers)
                    {
                        copy.Headers.Remove(header.Key);
                        copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }

                    response.Content = copy;
                    return response;
                }
            }
            """));
        test.TestState.Sources.Add(("Copying.Other.cs", Usings + """
            public partial class Copying
            {
                public override string ToString() => nameof(Copying);
            }
            """));
        return test.RunAsync();
    }

    // ------------------------------------------------------------------ #if regions

    [Fact]
    public Task Silent_IfRegion_ReplacementInactive() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public static class Peek
        {
            public static async Task<string> PeekAsync(HttpResponseMessage response)
            {
                var text = await response.Content.ReadAsStringAsync();
        #if LEGACY_REBUFFER
                response.Content = new StringContent(text);
        #endif
                return text;
            }
        }
        """);

    [Fact]
    public Task Fix_IfRegion_ReplacementActiveThroughTheProjectsSymbols_KeepingTheDirectives()
    {
        // The directives stay (an empty region); Roslyn's node removal puts a line break before the kept directive.
        var test = new Verify.Test
        {
            TestCode = Usings + """
                public static class Peek
                {
                    public static async Task<string> PeekAsync(HttpResponseMessage response)
                    {
                        var text = await response.Content.ReadAsStringAsync();
                #if LEGACY_REBUFFER
                        {|SNOOP008:response.Content = new StringContent(text)|};
                #endif
                        return text;
                    }
                }
                """,
            FixedCode = Usings + """
                public static class Peek
                {
                    public static async Task<string> PeekAsync(HttpResponseMessage response)
                    {
                        await response.Content.LoadIntoBufferAsync();
                        var text = await response.Content.ReadAsStringAsync();

                #if LEGACY_REBUFFER
                #endif
                        return text;
                    }
                }
                """,
        };
        test.SolutionTransforms.Add(LanguageCoverageSetup.Define("LEGACY_REBUFFER"));
        return test.RunAsync();
    }

    [Fact]
    public Task Silent_CommentedOutReplacement() => Analyzer.VerifyAnalyzerAsync(Usings + """
        public static class Peek
        {
            public static async Task<string> PeekAsync(HttpResponseMessage response)
            {
                var text = await response.Content.ReadAsStringAsync();
                // response.Content = new StringContent(text);
                /* response.Content = new StringContent(text); */
                return text;
            }
        }
        """);

    // ------------------------------------------------------------------ nullable, using blocks, line endings

    [Fact]
    public Task Fix_Nullable_NullableResponseWithSuppression_WithoutNewWarnings() => Verify.VerifyCodeFixAsync(
        "#nullable enable\n" + Usings + """
        public sealed class LastResponse
        {
            public HttpResponseMessage? Response { get; set; }

            public async Task<string> PeekAsync()
            {
                var text = await Response!.Content.ReadAsStringAsync();
                {|SNOOP008:Response!.Content = new StringContent(text)|};
                return text;
            }
        }
        """,
        "#nullable enable\n" + Usings + """
        public sealed class LastResponse
        {
            public HttpResponseMessage? Response { get; set; }

            public async Task<string> PeekAsync()
            {
                await Response!.Content.LoadIntoBufferAsync();
                var text = await Response!.Content.ReadAsStringAsync();
                return text;
            }
        }
        """);

    [Fact]
    public Task Fix_UsingBlock_BufferDisposedUnderTheReplacement() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class UsingBlockHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                using (var buffer = new MemoryStream())
                {
                    await response.Content.CopyToAsync(buffer, cancellationToken);
                    Console.WriteLine(buffer.Length);
                    buffer.Position = 0;
                    {|SNOOP008:response.Content = new StreamContent(buffer)|};
                }

                return response;
            }
        }
        """,
        Usings + """
        public sealed class UsingBlockHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                using (var buffer = new MemoryStream())
                {
                    await response.Content.LoadIntoBufferAsync();
                    await response.Content.CopyToAsync(buffer, cancellationToken);
                    Console.WriteLine(buffer.Length);
                    buffer.Position = 0;
                }

                return response;
            }
        }
        """);

    [Fact]
    public Task Fix_CrlfFile_KeepsCrlf() => Verify.VerifyCodeFixAsync(
        (Usings + """
        public static class Peek
        {
            public static async Task<string> PeekAsync(HttpResponseMessage response)
            {
                var text = await response.Content.ReadAsStringAsync();
                {|SNOOP008:response.Content = new StringContent(text)|};
                return text;
            }
        }
        """).ReplaceLineEndings("\r\n"),
        (Usings + """
        public static class Peek
        {
            public static async Task<string> PeekAsync(HttpResponseMessage response)
            {
                await response.Content.LoadIntoBufferAsync();
                var text = await response.Content.ReadAsStringAsync();
                return text;
            }
        }
        """).ReplaceLineEndings("\r\n"));
}
