using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.HttpAbstractionWrapperRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP005: more shapes that must stay silent (precision first: silent cases outnumber firing ones).</summary>
public class HttpAbstractionWrapperSilentTests
{
    private const string Usings = HttpAbstractionWrapperTests.Usings;

    private static string Response(string inner) => HttpAbstractionWrapperTests.ResponseAbstracts(inner);

    [Fact]
    public Task Silent_CompleteResponseWrapperThroughAProperty() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}using System.IO.Pipelines;

        public sealed class TracingResponse : HttpResponse
        {
            public TracingResponse(HttpResponse inner) { Inner = inner; }
            private HttpResponse Inner { get; }
        {{Response("Inner")}}
            public override PipeWriter BodyWriter => Inner.BodyWriter;
            public override Task StartAsync(CancellationToken cancellationToken = default) => Inner.StartAsync(cancellationToken);
            public override Task CompleteAsync() => Inner.CompleteAsync();
        }
        """);

    [Fact]
    public Task Silent_HelperThatHoldsAResponseButIsNotOne() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}
        public sealed class ProblemWriter(HttpResponse response)
        {
            public Task WriteAsync(int status, string title)
            {
                response.StatusCode = status;
                return response.WriteAsync(title);
            }
        }
        """);

    [Fact]
    public Task Silent_AbstractResponseWrapperLeavesTheMembersToItsSubclasses() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}
        public abstract class ResponseWrapperBase : HttpResponse
        {
            protected ResponseWrapperBase(HttpResponse inner) => Inner = inner;
            protected HttpResponse Inner { get; }
        }
        """);

    [Fact]
    public Task Silent_CompleteRequestWrapper() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}using System.IO.Pipelines;
        using Microsoft.AspNetCore.Routing;

        public sealed class AuditedRequest(HttpRequest inner) : HttpRequest
        {
        {{HttpAbstractionWrapperTests.RequestAbstracts("inner")}}
            public override PipeReader BodyReader => inner.BodyReader;
            public override RouteValueDictionary RouteValues { get => inner.RouteValues; set => inner.RouteValues = value; }
        }
        """);

    [Fact]
    public Task Silent_ResponseFakeWithItsOwnStateInAProductProject() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}using System.IO.Pipelines;

        public sealed class RecordedResponse : HttpResponse
        {
            private readonly HeaderDictionary _headers = new();
            public override HttpContext HttpContext => throw new NotSupportedException();
            public override int StatusCode { get; set; } = 200;
            public override IHeaderDictionary Headers => _headers;
            public override Stream Body { get; set; } = new MemoryStream();
            public override long? ContentLength { get; set; }
            public override string? ContentType { get; set; }
            public override IResponseCookies Cookies => throw new NotSupportedException();
            public override bool HasStarted => false;
            public override void OnStarting(Func<object, Task> callback, object state) { }
            public override void OnCompleted(Func<object, Task> callback, object state) { }
            public override void Redirect(string location, bool permanent) => Headers.Location = location;
        }
        """);

    [Fact]
    public Task Silent_ContextWrapperThatOnlyExposesTheInnersResponse() => Verify.VerifyAnalyzerAsync($$"""
        {{Usings}}
        public sealed class Envelope(HttpContext context)
        {
            public HttpResponse Response => context.Response;
            public HttpRequest Request => context.Request;
        }
        """);
}
