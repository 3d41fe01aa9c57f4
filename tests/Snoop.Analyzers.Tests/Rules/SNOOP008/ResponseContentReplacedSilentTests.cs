using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.ResponseContentReplacedRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP008: shapes that must stay silent (precision first: a warning on correct code costs more than a miss).</summary>
public class ResponseContentReplacedSilentTests
{
    private const string Usings = ResponseContentReplacedTests.Usings;

    public static TheoryData<string, string> SilentCases() => new()
    {
        { "handler only reads (ReadAsStringAsync buffers, the content stays readable)", """
            public sealed class LoggingHandler(ILogger<LoggingHandler> logger) : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (response.Content is not null)
                    {
                        logger.LogDebug("Response: {Body}", await response.Content.ReadAsStringAsync(cancellationToken));
                    }

                    return response;
                }
            }
            """ },
        { "handler buffers with LoadIntoBufferAsync, then reads", """
            public sealed class BufferThenLogHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    await response.Content.LoadIntoBufferAsync();
                    var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    Console.WriteLine(stream.Length);
                    return response;
                }
            }
            """ },
        { "copy into a MemoryStream, every content header copied in a loop", """
            public sealed class CopyingHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var original = response.Content;
                    var buffer = new MemoryStream();
                    await original.CopyToAsync(buffer, cancellationToken);
                    buffer.Position = 0;
                    Console.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
                    var replacement = new StreamContent(buffer);
                    foreach (var header in original.Headers)
                    {
                        replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }

                    response.Content = replacement;
                    return response;
                }
            }
            """ },
        { "decompression that copies the headers but Content-Encoding and Content-Length", """
            using System.IO.Compression;
            using System.Linq;

            public sealed class GzipDecompressingHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (!response.Content.Headers.ContentEncoding.Contains("gzip"))
                    {
                        return response;
                    }

                    var compressed = await response.Content.ReadAsStreamAsync(cancellationToken);
                    var decompressed = new StreamContent(new GZipStream(compressed, CompressionMode.Decompress));
                    foreach (var header in response.Content.Headers)
                    {
                        if (header.Key is "Content-Encoding" or "Content-Length")
                        {
                            continue;
                        }

                        decompressed.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }

                    response.Content = decompressed;
                    return response;
                }
            }
            """ },
        { "JSON rewrite that copies the content headers one by one", """
            public sealed class UnwrapEnvelopeHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var original = response.Content;
                    var json = await original.ReadAsStringAsync(cancellationToken);
                    var unwrapped = json.Replace("{\"data\":", string.Empty).TrimEnd('}');
                    var content = new StringContent(unwrapped, Encoding.UTF8, "application/json");
                    if (original.Headers.TryGetValues("Content-Language", out var language))
                    {
                        content.Headers.TryAddWithoutValidation("Content-Language", original.Headers.GetValues("Content-Language"));
                    }

                    if (original.Headers.LastModified is { } lastModified)
                    {
                        content.Headers.LastModified = lastModified;
                    }

                    response.Content = content;
                    return response;
                }
            }
            """ },
        { "headers copied with a LINQ ForEach", """
            using System.Linq;

            public static class ResponseBuffering
            {
                public static async Task BufferAsync(HttpResponseMessage response)
                {
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    var copy = new ByteArrayContent(bytes);
                    response.Content.Headers.ToList().ForEach(h => copy.Headers.TryAddWithoutValidation(h.Key, h.Value));
                    response.Content = copy;
                }
            }
            """ },
        { "headers copied by a helper of the application's own", """
            using System.Net.Http.Headers;

            public sealed class CopyHelperHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    Console.WriteLine(text);
                    var copy = new StringContent(text);
                    CopyHeaders(response.Content.Headers, copy.Headers);
                    response.Content = copy;
                    return response;
                }

                private static void CopyHeaders(HttpContentHeaders from, HttpContentHeaders to)
                {
                    to.Clear();
                    foreach (var header in from)
                    {
                        to.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }
            }
            """ },
        { "test stub builds a response from scratch in an object initializer", """
            using System.Net;

            public sealed class StubHandler(string json) : HttpMessageHandler
            {
                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
            }
            """ },
        { "test stub assigns Content on a new response", """
            using System.Net;

            public sealed class FakeHandler : DelegatingHandler
            {
                public string Body { get; set; } = "{}";

                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = new HttpResponseMessage(HttpStatusCode.OK);
                    response.Content = new StringContent(Body);
                    response.RequestMessage = request;
                    return Task.FromResult(response);
                }
            }
            """ },
        { "fallback content on failure, built from a constant", """
            public sealed class EmptyListOnNotFoundHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                    {
                        Console.WriteLine(await response.Content.ReadAsStringAsync(cancellationToken));
                        response.StatusCode = System.Net.HttpStatusCode.OK;
                        response.Content = new StringContent("[]", Encoding.UTF8, "application/json");
                    }

                    return response;
                }
            }
            """ },
        { "cache handler serves cached bytes", """
            using System.Collections.Concurrent;

            public sealed class CachingHandler : DelegatingHandler
            {
                private readonly ConcurrentDictionary<string, byte[]> _cache = new();

                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var key = request.RequestUri!.ToString();
                    var response = await base.SendAsync(request, cancellationToken);
                    if (response.StatusCode == System.Net.HttpStatusCode.NotModified && _cache.TryGetValue(key, out var cached))
                    {
                        response.Content = new ByteArrayContent(cached);
                        return response;
                    }

                    _cache[key] = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    return response;
                }
            }
            """ },
        { "the request's content is replaced, not the response's", """
            public sealed class RequestLoggingHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    if (request.Content is not null)
                    {
                        var body = await request.Content.ReadAsStringAsync(cancellationToken);
                        Console.WriteLine(body);
                        request.Content = new StringContent(body, Encoding.UTF8, request.Content.Headers.ContentType?.MediaType ?? "application/json");
                    }

                    return await base.SendAsync(request, cancellationToken);
                }
            }
            """ },
        { "a new response built from another response's content", """
            public sealed class CloneHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    using var upstream = await base.SendAsync(request, cancellationToken);
                    var text = await upstream.Content.ReadAsStringAsync(cancellationToken);
                    var clone = new HttpResponseMessage(upstream.StatusCode);
                    clone.Content = new StringContent(text);
                    return clone;
                }
            }
            """ },
        { "content wrapped in an HttpContent of the application's own", """
            public sealed class TeeContent(HttpContent inner) : HttpContent
            {
                protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
                {
                    var bytes = await inner.ReadAsByteArrayAsync();
                    await stream.WriteAsync(bytes);
                }

                protected override bool TryComputeLength(out long length)
                {
                    length = 0;
                    return false;
                }
            }

            public sealed class TeeHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    Console.WriteLine(await response.Content.ReadAsStringAsync(cancellationToken));
                    response.Content = new TeeContent(response.Content);
                    return response;
                }
            }
            """ },
        { "error envelope: a new document holding the old body", """
            using System.Text.Json;

            public sealed class ProblemDetailsHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
                        var problem = new { title = "Upstream failed", status = (int)response.StatusCode, detail };
                        response.Content = new StringContent(JsonSerializer.Serialize(problem), Encoding.UTF8, "application/problem+json");
                    }

                    return response;
                }
            }
            """ },
        { "read after the replacement reads the new content (content built elsewhere)", """
            public static class Canned
            {
                public static async Task<string> ReplaceAndReadAsync(HttpResponseMessage response, string canned)
                {
                    response.Content = new StringContent(canned);
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """ },
        { "retry: the response local is replaced by a later response before the content is replaced", """
            public sealed class RetryOnceHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var firstAttempt = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        response.Dispose();
                        response = await base.SendAsync(request, cancellationToken);
                        response.Content = new StringContent(firstAttempt);
                    }

                    return response;
                }
            }
            """ },
        { "new response content built from the request's content", """
            public sealed class EchoHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (response.StatusCode == System.Net.HttpStatusCode.NoContent && request.Content is not null)
                    {
                        var echoed = await request.Content.ReadAsStringAsync(cancellationToken);
                        response.Content = new StringContent(echoed);
                    }

                    return response;
                }
            }
            """ },
        { "decompression that copies the headers through a LINQ filter", """
            using System.IO.Compression;
            using System.Linq;

            public sealed class BrotliHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var original = response.Content;
                    var decoded = new StreamContent(new BrotliStream(await original.ReadAsStreamAsync(cancellationToken), CompressionMode.Decompress));
                    foreach (var header in original.Headers.Where(h => h.Key != "Content-Encoding" && h.Key != "Content-Length"))
                    {
                        decoded.Headers.Add(header.Key, header.Value);
                    }

                    response.Content = decoded;
                    return response;
                }
            }
            """ },
        { "headers copied through a local holding them", """
            public static class Rebuffer
            {
                public static async Task RebufferAsync(HttpResponseMessage response)
                {
                    var headers = response.Content.Headers;
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    var copy = new ByteArrayContent(bytes);
                    foreach (var header in headers)
                    {
                        copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }

                    response.Content = copy;
                }
            }
            """ },
        { "two responses: the body of one becomes the content of the other", """
            public static class Merge
            {
                public static async Task CopyBodyAsync(HttpResponseMessage from, HttpResponseMessage to)
                {
                    var text = await from.Content.ReadAsStringAsync();
                    to.Content = new StringContent(text);
                }
            }
            """ },
        { "empty content when the read fails", """
            public sealed class TolerantHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    try
                    {
                        Console.WriteLine(await response.Content.ReadAsStringAsync(cancellationToken));
                    }
                    catch (HttpRequestException)
                    {
                        response.Content = new StringContent(string.Empty);
                    }

                    return response;
                }
            }
            """ },
        { "only the content length is looked at, the new content comes from a file", """
            public sealed class OfflineFallbackHandler(string fallbackPath) : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (response.Content.Headers.ContentLength == 0)
                    {
                        response.Content = new StreamContent(File.OpenRead(fallbackPath));
                    }

                    return response;
                }
            }
            """ },
        { "the same content object is put back", """
            public static class Touch
            {
                public static async Task<string> ReadAsync(HttpResponseMessage response)
                {
                    var content = response.Content;
                    var text = await content.ReadAsStringAsync();
                    response.Content = content;
                    return text;
                }
            }
            """ },
        { "fake handler: the response and its content are built here, then rewritten", """
            using System.Net;

            public sealed class UppercasingFakeHandler(string body) : HttpMessageHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) };
                    var text = await response.Content.ReadAsStringAsync(cancellationToken);
                    response.Content = new StringContent(text.ToUpperInvariant());
                    return response;
                }
            }
            """ },
        { "echo of the request's content, reached through the response", """
            public sealed class EchoRequestHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (response.RequestMessage?.Content is { } sent)
                    {
                        response.Content = new StringContent(await sent.ReadAsStringAsync(cancellationToken));
                    }

                    return response;
                }
            }
            """ },
        { "headers copied with a deconstructing foreach", """
            public sealed class DeconstructingCopyHandler : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    var json = await response.Content.ReadAsStringAsync(cancellationToken);
                    var replacement = new StringContent(json.Trim());
                    replacement.Headers.Clear();
                    foreach (var (name, values) in response.Content.Headers)
                    {
                        if (name != "Content-Length")
                        {
                            replacement.Headers.TryAddWithoutValidation(name, values);
                        }
                    }

                    response.Content = replacement;
                    return response;
                }
            }
            """ },
        { "broken code: content assigned from an undefined method", """
            public static class Broken
            {
                public static async Task Run(HttpResponseMessage response)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    response.Content = Rebuild(text);
                }
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(SilentCases))]
    public Task Silent(string name, string source)
    {
        _ = name;
        var test = new Verify.Test { TestCode = Usings + source };
        if (name.StartsWith("broken code", StringComparison.Ordinal))
        {
            test.CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None;
        }

        return test.RunAsync();
    }
}
