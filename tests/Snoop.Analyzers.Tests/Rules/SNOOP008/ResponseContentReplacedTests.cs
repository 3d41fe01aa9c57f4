using Snoop.Analyzers.Rules;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.ResponseContentReplacedRule, Snoop.CodeFixes.Rules.ResponseContentReplacedCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP008: where it fires, and its fix (every fixed output is compiled by the verifier, against .NET 8).</summary>
public class ResponseContentReplacedTests
{
    internal const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        """;

    // ------------------------------------------------------------------ fires, with a fix

    [Fact]
    public Task Fix_SendAsync_ReadAsString_StringContent() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class ResponseLoggingHandler(ILogger<ResponseLoggingHandler> logger) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                logger.LogDebug("{Status} {Body}", (int)response.StatusCode, body);
                // Put the body back so that the caller can read it again.
                {|SNOOP008:response.Content = new StringContent(body)|};
                return response;
            }
        }
        """,
        Usings + """
        public sealed class ResponseLoggingHandler(ILogger<ResponseLoggingHandler> logger) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync();
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                logger.LogDebug("{Status} {Body}", (int)response.StatusCode, body);
                return response;
            }
        }
        """);

    [Fact]
    public Task Fix_SendAsync_ConfigureAwaitFalse_JsonStringContent_KeepsConfigureAwait() => Verify.VerifyCodeFixAsync(
        Usings + """
        namespace Contoso.Sdk.Http;

        internal sealed class DiagnosticsHandler : DelegatingHandler
        {
            private readonly ILogger _logger;

            public DiagnosticsHandler(ILogger logger) => _logger = logger;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Trace))
                {
                    string payload = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    _logger.LogTrace("Response payload: {Payload}", payload);
                    {|SNOOP008:response.Content = new StringContent(payload, Encoding.UTF8, "application/json")|};
                }

                return response;
            }
        }
        """,
        Usings + """
        namespace Contoso.Sdk.Http;

        internal sealed class DiagnosticsHandler : DelegatingHandler
        {
            private readonly ILogger _logger;

            public DiagnosticsHandler(ILogger logger) => _logger = logger;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Trace))
                {
                    await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                    string payload = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    _logger.LogTrace("Response payload: {Payload}", payload);
                }

                return response;
            }
        }
        """);

    [Fact]
    public Task Fix_SendAsync_CopyToMemoryStream_StreamContent_KeepsTheCopyThatIsRead() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class TraceHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var buffer = new MemoryStream();
                await response.Content.CopyToAsync(buffer, cancellationToken);
                buffer.Position = 0;
                using (var reader = new StreamReader(buffer, Encoding.UTF8, leaveOpen: true))
                {
                    Console.WriteLine(await reader.ReadToEndAsync(cancellationToken));
                }

                buffer.Position = 0;
                {|SNOOP008:response.Content = new StreamContent(buffer)|};
                return response;
            }
        }
        """,
        Usings + """
        public class TraceHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var buffer = new MemoryStream();
                await response.Content.LoadIntoBufferAsync();
                await response.Content.CopyToAsync(buffer, cancellationToken);
                buffer.Position = 0;
                using (var reader = new StreamReader(buffer, Encoding.UTF8, leaveOpen: true))
                {
                    Console.WriteLine(await reader.ReadToEndAsync(cancellationToken));
                }

                buffer.Position = 0;
                return response;
            }
        }
        """);

    [Fact]
    public Task Fix_SendAsync_ByteArrayContent_InALocal_WithContentTypeCopied_RemovesTheLocalAndTheBytes() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class BufferingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var original = response.Content;
                var bytes = await original.ReadAsByteArrayAsync(cancellationToken);
                Console.WriteLine($"{bytes.Length} bytes from {request.RequestUri}");
                var copy = new ByteArrayContent(bytes);
                copy.Headers.ContentType = original.Headers.ContentType;
                {|SNOOP008:response.Content = copy|};
                return response;
            }
        }
        """,
        Usings + """
        public sealed class BufferingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var original = response.Content;
                await response.Content.LoadIntoBufferAsync();
                var bytes = await original.ReadAsByteArrayAsync(cancellationToken);
                Console.WriteLine($"{bytes.Length} bytes from {request.RequestUri}");
                return response;
            }
        }
        """);

    [Fact]
    public Task Fix_ExtensionMethod_ReadBodyAndPutItBack() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class HttpResponseMessageExtensions
        {
            /// <summary>Reads the body and leaves the response readable.</summary>
            public static async Task<string> PeekBodyAsync(this HttpResponseMessage response)
            {
                var text = await response.Content.ReadAsStringAsync();
                {|SNOOP008:response.Content = new StringContent(text, Encoding.UTF8)|};
                return text;
            }
        }
        """,
        Usings + """
        public static class HttpResponseMessageExtensions
        {
            /// <summary>Reads the body and leaves the response readable.</summary>
            public static async Task<string> PeekBodyAsync(this HttpResponseMessage response)
            {
                await response.Content.LoadIntoBufferAsync();
                var text = await response.Content.ReadAsStringAsync();
                return text;
            }
        }
        """);

    [Fact]
    public Task Fix_ExtensionMethod_ReadOnlyMemoryContent() => Verify.VerifyCodeFixAsync(
        Usings + """
        public static class ResponseSnapshots
        {
            public static async Task<ReadOnlyMemory<byte>> SnapshotAsync(this HttpResponseMessage response, CancellationToken cancellationToken = default)
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                {|SNOOP008:response.Content = new ReadOnlyMemoryContent(bytes.AsMemory())|};
                return bytes;
            }
        }
        """,
        Usings + """
        public static class ResponseSnapshots
        {
            public static async Task<ReadOnlyMemory<byte>> SnapshotAsync(this HttpResponseMessage response, CancellationToken cancellationToken = default)
            {
                await response.Content.LoadIntoBufferAsync();
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return bytes;
            }
        }
        """);

    [Fact]
    public Task Fix_AlreadyBuffered_OnlyRemovesTheReplacement() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class HalfwayHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync();
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                Console.WriteLine(text);
                {|SNOOP008:response.Content = new StringContent(text)|};
                return response;
            }
        }
        """,
        Usings + """
        public sealed class HalfwayHandler : DelegatingHandler
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
        """);

    [Fact]
    public Task Fix_ReplacementBuiltInline_LeavesOnlyTheBuffering() => Verify.VerifyCodeFixAsync(
        Usings + """
        public sealed class MakeReadableTwiceHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                {|SNOOP008:response.Content = new ByteArrayContent(await response.Content.ReadAsByteArrayAsync(cancellationToken))|};
                return response;
            }
        }
        """,
        Usings + """
        public sealed class MakeReadableTwiceHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync();
                return response;
            }
        }
        """);

    [Fact]
    public Task Fix_RefitStyle_ErrorBodyLoggedOnFailure_InsideTheBranch() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class ApiErrorLoggingHandler : DelegatingHandler
        {
            private readonly ILogger<ApiErrorLoggingHandler> _logger;

            public ApiErrorLoggingHandler(ILogger<ApiErrorLoggingHandler> logger) => _logger = logger;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode && response.Content != null)
                {
                    var error = await response.Content.ReadAsStringAsync(cancellationToken);
                    _logger.LogWarning("{Method} {Uri} failed with {Status}: {Error}", request.Method, request.RequestUri, response.StatusCode, error);

                    // Refit's ApiException reads the content again.
                    {|SNOOP008:response.Content = new StringContent(error)|};
                }

                return response;
            }
        }
        """,
        Usings + """
        public class ApiErrorLoggingHandler : DelegatingHandler
        {
            private readonly ILogger<ApiErrorLoggingHandler> _logger;

            public ApiErrorLoggingHandler(ILogger<ApiErrorLoggingHandler> logger) => _logger = logger;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode && response.Content != null)
                {
                    await response.Content.LoadIntoBufferAsync();
                    var error = await response.Content.ReadAsStringAsync(cancellationToken);
                    _logger.LogWarning("{Method} {Uri} failed with {Status}: {Error}", request.Method, request.RequestUri, response.StatusCode, error);
                }

                return response;
            }
        }
        """);

    [Fact]
    public Task Fix_PollyStyle_LambdaPassedToAnExecutor() => Verify.VerifyCodeFixAsync(
        Usings + """
        public interface IExecutor
        {
            Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken);
        }

        public sealed class ResilientLoggingHandler(IExecutor executor) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                => executor.ExecuteAsync(async token =>
                {
                    var response = await base.SendAsync(request, token);
                    var text = await response.Content.ReadAsStringAsync(token);
                    Console.WriteLine(text);
                    {|SNOOP008:response.Content = new StringContent(text)|};
                    return response;
                }, cancellationToken);
        }
        """,
        Usings + """
        public interface IExecutor
        {
            Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken);
        }

        public sealed class ResilientLoggingHandler(IExecutor executor) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                => executor.ExecuteAsync(async token =>
                {
                    var response = await base.SendAsync(request, token);
                    await response.Content.LoadIntoBufferAsync();
                    var text = await response.Content.ReadAsStringAsync(token);
                    Console.WriteLine(text);
                    return response;
                }, cancellationToken);
        }
        """);

    [Fact]
    public Task Fix_HttpClientFactoryHandler_MemoryStreamCopiedOnlyForTheReplacement_RemovesTheCopy() => Verify.VerifyCodeFixAsync(
        Usings + """
        using Microsoft.Extensions.DependencyInjection;

        public sealed class AuditHandler(ILogger<AuditHandler> logger) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                logger.LogInformation("Audit {Uri}: {Body}", request.RequestUri, text);

                var stream = new MemoryStream();
                await response.Content.CopyToAsync(stream, cancellationToken);
                stream.Seek(0, SeekOrigin.Begin);
                {|SNOOP008:response.Content = new StreamContent(stream)|};
                return response;
            }
        }

        public static class Registration
        {
            public static IServiceCollection AddAuditedClient(this IServiceCollection services)
            {
                services.AddTransient<AuditHandler>();
                services.AddHttpClient("audited").AddHttpMessageHandler<AuditHandler>();
                return services;
            }
        }
        """,
        Usings + """
        using Microsoft.Extensions.DependencyInjection;

        public sealed class AuditHandler(ILogger<AuditHandler> logger) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync();
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                logger.LogInformation("Audit {Uri}: {Body}", request.RequestUri, text);
                return response;
            }
        }

        public static class Registration
        {
            public static IServiceCollection AddAuditedClient(this IServiceCollection services)
            {
                services.AddTransient<AuditHandler>();
                services.AddHttpClient("audited").AddHttpMessageHandler<AuditHandler>();
                return services;
            }
        }
        """);

    [Fact]
    public Task Fix_ReadAsStringResultInsideAsync_OriginalContentAlias() => Verify.VerifyCodeFixAsync(
        Usings + """
        public class LegacyLoggingHandler : DelegatingHandler
        {
            public LegacyLoggingHandler(HttpMessageHandler inner) : base(inner) { }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
                HttpContent content = response.Content;
                string body = content.ReadAsStringAsync().Result;
                Console.WriteLine("Response: " + body);
                {|SNOOP008:response.Content = new StringContent(body, Encoding.UTF8, content.Headers.ContentType?.MediaType ?? "text/plain")|};
                return response;
            }
        }
        """,
        Usings + """
        public class LegacyLoggingHandler : DelegatingHandler
        {
            public LegacyLoggingHandler(HttpMessageHandler inner) : base(inner) { }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
                HttpContent content = response.Content;
                await response.Content.LoadIntoBufferAsync();
                string body = content.ReadAsStringAsync().Result;
                Console.WriteLine("Response: " + body);
                return response;
            }
        }
        """);

    [Fact]
    public async Task Fix_All_TwoHandlersInOneDocument()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                public sealed class A : DelegatingHandler
                {
                    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        var response = await base.SendAsync(request, cancellationToken);
                        var body = await response.Content.ReadAsStringAsync(cancellationToken);
                        Console.WriteLine(body);
                        {|SNOOP008:response.Content = new StringContent(body)|};
                        return response;
                    }
                }

                public static class B
                {
                    public static async Task<byte[]> PeekAsync(this HttpResponseMessage response)
                    {
                        var bytes = await response.Content.ReadAsByteArrayAsync();
                        {|SNOOP008:response.Content = new ByteArrayContent(bytes)|};
                        return bytes;
                    }
                }
                """,
            FixedCode = Usings + """
                public sealed class A : DelegatingHandler
                {
                    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        var response = await base.SendAsync(request, cancellationToken);
                        await response.Content.LoadIntoBufferAsync();
                        var body = await response.Content.ReadAsStringAsync(cancellationToken);
                        Console.WriteLine(body);
                        return response;
                    }
                }

                public static class B
                {
                    public static async Task<byte[]> PeekAsync(this HttpResponseMessage response)
                    {
                        await response.Content.LoadIntoBufferAsync();
                        var bytes = await response.Content.ReadAsByteArrayAsync();
                        return bytes;
                    }
                }
                """,
            NumberOfFixAllIterations = 1,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_OnNet10_PassesTheHandlersTokenToLoadIntoBufferAsync()
    {
        // .NET 9 added LoadIntoBufferAsync(CancellationToken); the tests' .NET 8 reference pack has only LoadIntoBufferAsync().
        // This project is compiled against the framework the tests run on (.NET 10), so the fix must pass the token.
        var test = new Verify.Test
        {
            TestCode = Usings + """
                public sealed class Handler : DelegatingHandler
                {
                    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        var response = await base.SendAsync(request, cancellationToken);
                        var body = await response.Content.ReadAsStringAsync(cancellationToken);
                        Console.WriteLine(body);
                        {|SNOOP008:response.Content = new StringContent(body)|};
                        return response;
                    }
                }
                """,
            FixedCode = Usings + """
                public sealed class Handler : DelegatingHandler
                {
                    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        var response = await base.SendAsync(request, cancellationToken);
                        await response.Content.LoadIntoBufferAsync(cancellationToken);
                        var body = await response.Content.ReadAsStringAsync(cancellationToken);
                        Console.WriteLine(body);
                        return response;
                    }
                }
                """,
        };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectMetadataReferences(projectId, s_runningFramework.Value));
        await test.RunAsync();
    }

    /// <summary>The framework assemblies the tests run on, with Microsoft.Extensions.Logging from ASP.NET Core's shared framework.</summary>
    private static readonly Lazy<IReadOnlyList<Microsoft.CodeAnalysis.MetadataReference>> s_runningFramework = new(() =>
    {
        var core = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var shared = Path.GetDirectoryName(core)!;
        var aspnet = Directory.GetDirectories(Path.Combine(Path.GetDirectoryName(shared)!, "Microsoft.AspNetCore.App"), Path.GetFileName(core)).Single();
        var files = Directory.EnumerateFiles(core, "*.dll").Concat(Directory.EnumerateFiles(aspnet, "Microsoft.Extensions.Logging*.dll"));
        var references = new List<Microsoft.CodeAnalysis.MetadataReference>();
        foreach (var file in files)
        {
            try
            {
                System.Reflection.AssemblyName.GetAssemblyName(file);
                references.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(file));
            }
            catch (BadImageFormatException)
            {
                // A native library next to the managed ones.
            }
        }

        return references;
    });

    // ------------------------------------------------------------------ fires, without a fix

    [Fact]
    public Task Fires_SyncSendOverride_NoFix()
    {
        var source = Usings + """
            public sealed class SyncLoggingHandler : DelegatingHandler
            {
                protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = base.Send(request, cancellationToken);
                    using var reader = new StreamReader(response.Content.ReadAsStream(cancellationToken));
                    var text = reader.ReadToEnd();
                    Console.WriteLine(text);
                    {|#0:response.Content = new StringContent(text)|};
                    return response;
                }

                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    Console.WriteLine(await response.Content.ReadAsStringAsync(cancellationToken));
                    return response;
                }
            }
            """;
        return VerifyNoFixAsync(source, "StringContent", ContentFixBlocker.NotAsync, "the code is not async and HttpContent has no public synchronous LoadIntoBuffer");
    }

    [Fact]
    public Task Fires_RedactedJsonRewrite_NoFix() => VerifyNoFixAsync(
        Usings + """
        using System.Text.RegularExpressions;

        public sealed class RedactingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var json = await response.Content.ReadAsStringAsync(cancellationToken);
                var redacted = Regex.Replace(json, "\"password\":\"[^\"]*\"", "\"password\":\"***\"");
                {|#0:response.Content = new StringContent(redacted, Encoding.UTF8, "application/json")|};
                return response;
            }
        }
        """,
        "StringContent",
        ContentFixBlocker.Transformed,
        "the new content's bytes are not always the ones read");

    [Fact]
    public Task Fires_DecompressionWithoutHeaders_NoFix() => VerifyNoFixAsync(
        Usings + """
        using System.IO.Compression;

        public sealed class GzipHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var compressed = await response.Content.ReadAsStreamAsync(cancellationToken);
                {|#0:response.Content = new StreamContent(new GZipStream(compressed, CompressionMode.Decompress))|};
                return response;
            }
        }
        """,
        "StreamContent",
        ContentFixBlocker.Transformed,
        "the new content's bytes are not always the ones read");

    [Fact]
    public Task Fires_ReadAsStreamThenCopied_NoFix() => VerifyNoFixAsync(
        Usings + """
        public sealed class StreamLoggingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var network = await response.Content.ReadAsStreamAsync(cancellationToken);
                var copy = new MemoryStream();
                await network.CopyToAsync(copy, cancellationToken);
                copy.Position = 0;
                Console.WriteLine(Encoding.UTF8.GetString(copy.ToArray()));
                {|#0:response.Content = new StreamContent(copy)|};
                return response;
            }
        }
        """,
        "StreamContent",
        ContentFixBlocker.StreamRead,
        "the body is read through ReadAsStream(Async)");

    [Fact]
    public Task Fires_ReadThroughAnExtensionOfTheApplication_NoFix() => VerifyNoFixAsync(
        Usings + """
        public static class HttpContentExtensions
        {
            public static string ReadAsString(this HttpContent content)
            {
                using var reader = new StreamReader(content.ReadAsStream());
                return reader.ReadToEnd();
            }
        }

        public sealed class HelperLoggingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var text = response.Content.ReadAsString();
                Console.WriteLine(text);
                {|#0:response.Content = new StringContent(text)|};
                return response;
            }
        }
        """,
        "StringContent",
        ContentFixBlocker.StreamRead,
        "the body is read through ReadAsStream(Async) or an extension method");

    [Fact]
    public Task Fires_BodyOnOnePathOnly_NoFix() => VerifyNoFixAsync(
        Usings + """
        public sealed class TruncatingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var text = string.Empty;
                if (response.Content.Headers.ContentLength < 4096)
                {
                    text = await response.Content.ReadAsStringAsync(cancellationToken);
                    Console.WriteLine(text);
                }

                // Dropping this would give large responses their body back: not the same behaviour.
                {|#0:response.Content = new StringContent(text)|};
                return response;
            }
        }
        """,
        "StringContent",
        ContentFixBlocker.Transformed,
        "the new content's bytes are not always the ones read");

    [Fact]
    public Task Fires_ReadFromJsonThenReserialized_NoFix() => VerifyNoFixAsync(
        Usings + """
        using System.Net.Http.Json;
        using System.Text.Json;

        public sealed record Page(string[] Items);

        public sealed class PageInspectingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                var page = await response.Content.ReadFromJsonAsync<Page>(cancellationToken);
                Console.WriteLine(page?.Items.Length);
                {|#0:response.Content = new StringContent(JsonSerializer.Serialize(page), Encoding.UTF8, "application/json")|};
                return response;
            }
        }
        """,
        "StringContent",
        ContentFixBlocker.Transformed,
        "the new content's bytes are not always the ones read");

    [Fact]
    public Task MessageNamesTheNewContentType() => Verify.VerifyAnalyzerAsync(
        Usings + """
        public static class Peek
        {
            public static async Task<string> PeekAsync(HttpResponseMessage response)
            {
                var text = await response.Content.ReadAsStringAsync();
                {|#0:response.Content = new StringContent(text)|};
                return text;
            }
        }
        """,
        Verify.Diagnostic(Descriptors.SNOOP008_ResponseContentReplaced).WithLocation(0).WithArguments("StringContent"));

    /// <summary>
    /// Reports at markup location 0 with the message's reason for <paramref name="blocker"/> (which must say <paramref name="why"/>),
    /// and offers no fix: the fixed code is the input.
    /// </summary>
    private static Task VerifyNoFixAsync(string source, string contentType, ContentFixBlocker blocker, string why)
    {
        var descriptor = ResponseContentReplacedRule.Descriptor(blocker);
        Assert.Contains("no automatic fix: " + why, descriptor.MessageFormat.ToString());
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(descriptor).WithLocation(0).WithArguments(contentType));
        return test.RunAsync();
    }
}
