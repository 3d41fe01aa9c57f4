using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Analyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.HttpAbstractionWrapperRule>;
using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    Snoop.Analyzers.Rules.HttpAbstractionWrapperRule,
    Snoop.CodeFixes.Rules.HttpAbstractionWrapperCodeFix>;

namespace Snoop.Analyzers.Tests.Rules;

public class HttpAbstractionWrapperTests
{
    internal const string Usings = """
        #nullable enable
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        """;

    /// <summary>The abstract members of HttpResponse, forwarded to <paramref name="inner"/> (the compiler requires these).</summary>
    internal static string ResponseAbstracts(string inner) => $$"""
            public override HttpContext HttpContext => {{inner}}.HttpContext;
            public override int StatusCode { get => {{inner}}.StatusCode; set => {{inner}}.StatusCode = value; }
            public override IHeaderDictionary Headers => {{inner}}.Headers;
            public override Stream Body { get => {{inner}}.Body; set => {{inner}}.Body = value; }
            public override long? ContentLength { get => {{inner}}.ContentLength; set => {{inner}}.ContentLength = value; }
            public override string? ContentType { get => {{inner}}.ContentType; set => {{inner}}.ContentType = value; }
            public override IResponseCookies Cookies => {{inner}}.Cookies;
            public override bool HasStarted => {{inner}}.HasStarted;
            public override void OnStarting(Func<object, Task> callback, object state) => {{inner}}.OnStarting(callback, state);
            public override void OnCompleted(Func<object, Task> callback, object state) => {{inner}}.OnCompleted(callback, state);
            public override void Redirect(string location, bool permanent) => {{inner}}.Redirect(location, permanent);
        """;

    internal static string RequestAbstracts(string inner) => $$"""
            public override HttpContext HttpContext => {{inner}}.HttpContext;
            public override string Method { get => {{inner}}.Method; set => {{inner}}.Method = value; }
            public override string Scheme { get => {{inner}}.Scheme; set => {{inner}}.Scheme = value; }
            public override bool IsHttps { get => {{inner}}.IsHttps; set => {{inner}}.IsHttps = value; }
            public override HostString Host { get => {{inner}}.Host; set => {{inner}}.Host = value; }
            public override PathString PathBase { get => {{inner}}.PathBase; set => {{inner}}.PathBase = value; }
            public override PathString Path { get => {{inner}}.Path; set => {{inner}}.Path = value; }
            public override QueryString QueryString { get => {{inner}}.QueryString; set => {{inner}}.QueryString = value; }
            public override IQueryCollection Query { get => {{inner}}.Query; set => {{inner}}.Query = value; }
            public override string Protocol { get => {{inner}}.Protocol; set => {{inner}}.Protocol = value; }
            public override IHeaderDictionary Headers => {{inner}}.Headers;
            public override IRequestCookieCollection Cookies { get => {{inner}}.Cookies; set => {{inner}}.Cookies = value; }
            public override long? ContentLength { get => {{inner}}.ContentLength; set => {{inner}}.ContentLength = value; }
            public override string? ContentType { get => {{inner}}.ContentType; set => {{inner}}.ContentType = value; }
            public override Stream Body { get => {{inner}}.Body; set => {{inner}}.Body = value; }
            public override bool HasFormContentType => {{inner}}.HasFormContentType;
            public override IFormCollection Form { get => {{inner}}.Form; set => {{inner}}.Form = value; }
            public override Task<IFormCollection> ReadFormAsync(CancellationToken cancellationToken = default) => {{inner}}.ReadFormAsync(cancellationToken);
        """;

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }

    // Fix tests run in the shared strict mode (Verify.Test.Strict): a fix must not add a compiler warning either.
    private static Task VerifyFixAsync(string source, string fixedSource) => Verify.VerifyCodeFixStrictAsync(source, fixedSource);

    private static Task VerifyNoFixAsync(string source) => Verify.VerifyCodeFixStrictAsync(source, source);

    private const string TestProjectName = "Contoso.Web.Tests";

    // ------------------------------------------------------------------ fires

    [Fact]
    public async Task ResponseWrapper_MissingAllThree_GetsForwardingOverridesAndUsing()
    {
        var source = Usings + $$"""
            public sealed class {|SNOOP005:LoggingResponse|} : HttpResponse
            {
                private readonly HttpResponse _inner;

                public LoggingResponse(HttpResponse inner) => _inner = inner;

            {{ResponseAbstracts("_inner")}}
            }
            """;
        var fixedSource = Usings.Replace("using System.IO;\n", "using System.IO;\nusing System.IO.Pipelines;\n") + $$"""
            public sealed class LoggingResponse : HttpResponse
            {
                private readonly HttpResponse _inner;

                public LoggingResponse(HttpResponse inner) => _inner = inner;

            {{ResponseAbstracts("_inner")}}
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task ResponseWrapper_MissingStartAndComplete_GetsTwoOverrides()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public class {|SNOOP005:StatusTrackingResponse|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public StatusTrackingResponse(HttpResponse inner) { _inner = inner; }
                public override PipeWriter BodyWriter => _inner.BodyWriter;
            {{ResponseAbstracts("_inner")}}
            }
            """;
        var fixedSource = Usings + "using System.IO.Pipelines;\n" + $$"""
            public class StatusTrackingResponse : HttpResponse
            {
                private readonly HttpResponse _inner;
                public StatusTrackingResponse(HttpResponse inner) { _inner = inner; }
                public override PipeWriter BodyWriter => _inner.BodyWriter;
            {{ResponseAbstracts("_inner")}}
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task RequestWrapper_MissingBodyReaderAndRouteValues_GetsOverrides()
    {
        var source = Usings + $$"""
            namespace App.Http;

            public sealed class {|SNOOP005:RewindableRequest|} : HttpRequest
            {
                private readonly HttpRequest _request;
                public RewindableRequest(HttpRequest request) => _request = request;
            {{RequestAbstracts("_request")}}
            }
            """;
        var fixedSource = Usings.Replace("using System.IO;\n", "using System.IO;\nusing System.IO.Pipelines;\n").Replace("using Microsoft.AspNetCore.Http;\n", "using Microsoft.AspNetCore.Http;\nusing Microsoft.AspNetCore.Routing;\n") + $$"""
            namespace App.Http;

            public sealed class RewindableRequest : HttpRequest
            {
                private readonly HttpRequest _request;
                public RewindableRequest(HttpRequest request) => _request = request;
            {{RequestAbstracts("_request")}}
                public override PipeReader BodyReader => _request.BodyReader;
                public override RouteValueDictionary RouteValues { get => _request.RouteValues; set => _request.RouteValues = value; }
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task PrimaryConstructorWrapper_UsesTheParameter()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            namespace App;

            internal sealed class {|SNOOP005:CountingResponse|}(HttpResponse inner) : HttpResponse
            {
                public long Count { get; set; }
                public override PipeWriter BodyWriter => inner.BodyWriter;
                public override Task CompleteAsync() => inner.CompleteAsync();
            {{ResponseAbstracts("inner")}}
            }
            """;
        var fixedSource = Usings + "using System.IO.Pipelines;\n" + $$"""
            namespace App;

            internal sealed class CountingResponse(HttpResponse inner) : HttpResponse
            {
                public long Count { get; set; }
                public override PipeWriter BodyWriter => inner.BodyWriter;
                public override Task CompleteAsync() => inner.CompleteAsync();
            {{ResponseAbstracts("inner")}}
                public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task PrimaryConstructorCopiedIntoField_ForwardsThroughTheField()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class {|SNOOP005:Copied|}(HttpResponse inner) : HttpResponse
            {
                private readonly HttpResponse _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            {{ResponseAbstracts("_inner")}}
            }
            """;
        var fixedSource = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class Copied(HttpResponse inner) : HttpResponse
            {
                private readonly HttpResponse _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            {{ResponseAbstracts("_inner")}}
                public override Task CompleteAsync() => _inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_NestedWrapper()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public static class Middleware
            {
                private sealed class {|SNOOP005:Wrapped|} : HttpResponse
                {
                    private readonly HttpResponse _original;
                    public Wrapped(HttpResponse original) => _original = original;
                    public override PipeWriter BodyWriter => _original.BodyWriter;
                    public override Task StartAsync(CancellationToken cancellationToken = default) => _original.StartAsync(cancellationToken);
            {{Indent(ResponseAbstracts("_original"), 4)}}
                }
            }
            """;
        var fixedSource = Usings + "using System.IO.Pipelines;\n" + $$"""
            public static class Middleware
            {
                private sealed class Wrapped : HttpResponse
                {
                    private readonly HttpResponse _original;
                    public Wrapped(HttpResponse original) => _original = original;
                    public override PipeWriter BodyWriter => _original.BodyWriter;
                    public override Task StartAsync(CancellationToken cancellationToken = default) => _original.StartAsync(cancellationToken);
            {{Indent(ResponseAbstracts("_original"), 4)}}
                    public override Task CompleteAsync() => _original.CompleteAsync();
                }
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task PartialWrapper_IsReportedOnceAndFixedInTheFirstPart()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed partial class {|SNOOP005:SplitResponse|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public SplitResponse(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            }

            public sealed partial class SplitResponse
            {
            {{ResponseAbstracts("_inner")}}
            }
            """;
        var fixedSource = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed partial class SplitResponse : HttpResponse
            {
                private readonly HttpResponse _inner;
                public SplitResponse(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            }

            public sealed partial class SplitResponse
            {
            {{ResponseAbstracts("_inner")}}
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_OverrideOnlyInInactiveIfBranch_AddedOutsideTheRegion()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class {|SNOOP005:Conditional|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Conditional(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            {{ResponseAbstracts("_inner")}}
            #if NEVER_DEFINED
                public override Task CompleteAsync() => _inner.CompleteAsync();
            #endif
            }
            """;
        var fixedSource = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class Conditional : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Conditional(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
            {{ResponseAbstracts("_inner")}}
                public override Task CompleteAsync() => _inner.CompleteAsync();
            #if NEVER_DEFINED
                public override Task CompleteAsync() => _inner.CompleteAsync();
            #endif
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task ConcreteClassOverSourceWrapperBase_UsesTheProtectedField()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public abstract class ResponseWrapperBase : HttpResponse
            {
                protected readonly HttpResponse Inner;
                protected ResponseWrapperBase(HttpResponse inner) => Inner = inner;
            {{ResponseAbstracts("Inner")}}
            }

            public sealed class {|SNOOP005:AuditResponse|} : ResponseWrapperBase
            {
                public AuditResponse(HttpResponse inner) : base(inner) { }
                public override PipeWriter BodyWriter => Inner.BodyWriter;
            }
            """;
        var fixedSource = Usings + "using System.IO.Pipelines;\n" + $$"""
            public abstract class ResponseWrapperBase : HttpResponse
            {
                protected readonly HttpResponse Inner;
                protected ResponseWrapperBase(HttpResponse inner) => Inner = inner;
            {{ResponseAbstracts("Inner")}}
            }

            public sealed class AuditResponse : ResponseWrapperBase
            {
                public AuditResponse(HttpResponse inner) : base(inner) { }
                public override PipeWriter BodyWriter => Inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => Inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => Inner.CompleteAsync();
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fires_TestProject_WithExclusionTurnedOff()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class {|SNOOP005:SpyResponse|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public SpyResponse(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task CompleteAsync() => _inner.CompleteAsync();
            {{ResponseAbstracts("_inner")}}
            }
            """;
        var test = new Analyzer.Test { TestCode = source };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, TestProjectName));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_code_quality.SNOOP005.exclude_test_projects = false\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Message_NamesTheMembersAndWhy()
    {
        var source = Usings + $$"""
            public sealed class LoggingResponse : HttpResponse
            {
                private readonly HttpResponse _inner;
                public LoggingResponse(HttpResponse inner) => _inner = inner;
            {{ResponseAbstracts("_inner")}}
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source,
            Analyzer.Diagnostic(Descriptors.SNOOP005_ResponseBodyWriter).WithSpan(7, 21, 7, 36).WithArguments(
                "LoggingResponse",
                "BodyWriter, StartAsync and CompleteAsync"));
    }

    [Fact]
    public async Task Fires_NullableHolder_NoFix()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class {|SNOOP005:MaybeResponse|} : HttpResponse
            {
                private readonly HttpResponse? _inner;
                public MaybeResponse(HttpResponse? inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner!.BodyWriter;
            {{ResponseAbstracts("_inner!")}}
            }
            """;
        await VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task Fires_TwoHolders_NoFix()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class {|SNOOP005:TeeResponse|} : HttpResponse
            {
                private readonly HttpResponse _primary;
                private readonly HttpResponse _mirror;
                public TeeResponse(HttpResponse primary, HttpResponse mirror) { _primary = primary; _mirror = mirror; }
                public override PipeWriter BodyWriter => _primary.BodyWriter;
            {{ResponseAbstracts("_primary")}}
            }
            """;
        await VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task Fires_HidingMember_NoFix()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class {|SNOOP005:HidingResponse|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public HidingResponse(HttpResponse inner) => _inner = inner;
                public new PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            {{ResponseAbstracts("_inner")}}
            }
            """;
        await VerifyNoFixAsync(source);
    }

    // ------------------------------------------------------------------ fix all

    [Fact]
    public async Task Fix_All_AddsOverridesToEveryWrapper()
    {
        var first = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class {|SNOOP005:A|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public A(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
            {{ResponseAbstracts("_inner")}}
            }

            public sealed class {|SNOOP005:B|}(HttpResponse inner) : HttpResponse
            {
                public override PipeWriter BodyWriter => inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            {{ResponseAbstracts("inner")}}
            }
            """;
        var second = Usings + "using System.IO.Pipelines;\nusing Microsoft.AspNetCore.Routing;\n" + $$"""
            public sealed class {|SNOOP005:C|} : HttpRequest
            {
                private readonly HttpRequest _inner;
                public C(HttpRequest inner) => _inner = inner;
                public override RouteValueDictionary RouteValues { get => _inner.RouteValues; set => _inner.RouteValues = value; }
            {{RequestAbstracts("_inner")}}
            }
            """;
        var firstFixed = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class A : HttpResponse
            {
                private readonly HttpResponse _inner;
                public A(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
            {{ResponseAbstracts("_inner")}}
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            }

            public sealed class B(HttpResponse inner) : HttpResponse
            {
                public override PipeWriter BodyWriter => inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
            {{ResponseAbstracts("inner")}}
                public override Task CompleteAsync() => inner.CompleteAsync();
            }
            """;
        var secondFixed = Usings + "using System.IO.Pipelines;\nusing Microsoft.AspNetCore.Routing;\n" + $$"""
            public sealed class C : HttpRequest
            {
                private readonly HttpRequest _inner;
                public C(HttpRequest inner) => _inner = inner;
                public override RouteValueDictionary RouteValues { get => _inner.RouteValues; set => _inner.RouteValues = value; }
            {{RequestAbstracts("_inner")}}
                public override PipeReader BodyReader => _inner.BodyReader;
            }
            """;
        var test = new Verify.Test { Strict = true };
        test.TestState.Sources.Add(("A.cs", first));
        test.TestState.Sources.Add(("C.cs", second));
        test.FixedState.Sources.Add(("A.cs", firstFixed));
        test.FixedState.Sources.Add(("C.cs", secondFixed));
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = 2; // one per document
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Fix_All_TwoWrappersNeedingTheSameUsing_AddItOnce()
    {
        var source = Usings + $$"""
            public sealed class {|SNOOP005:First|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public First(HttpResponse inner) => _inner = inner;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            {{ResponseAbstracts("_inner")}}
            }

            public sealed class {|SNOOP005:Second|} : HttpRequest
            {
                private readonly HttpRequest _inner;
                public Second(HttpRequest inner) => _inner = inner;
                public override Microsoft.AspNetCore.Routing.RouteValueDictionary RouteValues { get => _inner.RouteValues; set => _inner.RouteValues = value; }
            {{RequestAbstracts("_inner")}}
            }
            """;
        var fixedSource = Usings.Replace("using System.IO;\n", "using System.IO;\nusing System.IO.Pipelines;\n") + $$"""
            public sealed class First : HttpResponse
            {
                private readonly HttpResponse _inner;
                public First(HttpResponse inner) => _inner = inner;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            {{ResponseAbstracts("_inner")}}
                public override PipeWriter BodyWriter => _inner.BodyWriter;
            }

            public sealed class Second : HttpRequest
            {
                private readonly HttpRequest _inner;
                public Second(HttpRequest inner) => _inner = inner;
                public override Microsoft.AspNetCore.Routing.RouteValueDictionary RouteValues { get => _inner.RouteValues; set => _inner.RouteValues = value; }
            {{RequestAbstracts("_inner")}}
                public override PipeReader BodyReader => _inner.BodyReader;
            }
            """;
        await VerifyFixAsync(source, fixedSource);
    }

    // ------------------------------------------------------------------ silent

    [Fact]
    public async Task Silent_CompleteResponseWrapper()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class Complete : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Complete(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            {{ResponseAbstracts("_inner")}}
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_CompleteRequestWrapper()
    {
        var source = Usings + "using System.IO.Pipelines;\nusing Microsoft.AspNetCore.Routing;\n" + $$"""
            public sealed class Complete(HttpRequest inner) : HttpRequest
            {
                public override PipeReader BodyReader => inner.BodyReader;
                public override RouteValueDictionary RouteValues { get => inner.RouteValues; set => inner.RouteValues = value; }
            {{RequestAbstracts("inner")}}
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_ContextWrapper_HasNothingToForwardBeyondAbstracts()
    {
        var source = Usings + """
            using System.Collections.Generic;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http.Features;

            public sealed class ScopedContext : HttpContext
            {
                private readonly HttpContext _inner;
                public ScopedContext(HttpContext inner) => _inner = inner;
                public override IFeatureCollection Features => _inner.Features;
                public override HttpRequest Request => _inner.Request;
                public override HttpResponse Response => _inner.Response;
                public override ConnectionInfo Connection => _inner.Connection;
                public override WebSocketManager WebSockets => _inner.WebSockets;
                public override ClaimsPrincipal User { get => _inner.User; set => _inner.User = value; }
                public override IDictionary<object, object?> Items { get => _inner.Items; set => _inner.Items = value; }
                public override IServiceProvider RequestServices { get => _inner.RequestServices; set => _inner.RequestServices = value; }
                public override CancellationToken RequestAborted { get => _inner.RequestAborted; set => _inner.RequestAborted = value; }
                public override string TraceIdentifier { get => _inner.TraceIdentifier; set => _inner.TraceIdentifier = value; }
                public override ISession Session { get => _inner.Session; set => _inner.Session = value; }
                public override void Abort() => _inner.Abort();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_FakeWithOwnState()
    {
        var source = Usings + """
            public sealed class FakeResponse : HttpResponse
            {
                private readonly HttpContext _context;
                private readonly HeaderDictionary _headers = new();
                public FakeResponse(HttpContext context) => _context = context;
                public override HttpContext HttpContext => _context;
                public override int StatusCode { get; set; } = 200;
                public override IHeaderDictionary Headers => _headers;
                public override Stream Body { get; set; } = new MemoryStream();
                public override long? ContentLength { get; set; }
                public override string? ContentType { get; set; }
                public override IResponseCookies Cookies => throw new NotSupportedException();
                public override bool HasStarted => false;
                public override void OnStarting(Func<object, Task> callback, object state) { }
                public override void OnCompleted(Func<object, Task> callback, object state) { }
                public override void Redirect(string location, bool permanent) { }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_TestProjectByName_ByDefault()
    {
        var source = Usings + $$"""
            public sealed class SpyResponse : HttpResponse
            {
                private readonly HttpResponse _inner;
                public SpyResponse(HttpResponse inner) => _inner = inner;
            {{ResponseAbstracts("_inner")}}
            }
            """;
        var test = new Analyzer.Test { TestCode = source };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, TestProjectName));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Silent_TestProject_WithExclusionExplicitlyOn()
    {
        var source = Usings + $$"""
            public sealed class SpyRequest : HttpRequest
            {
                private readonly HttpRequest _inner;
                public SpyRequest(HttpRequest inner) => _inner = inner;
            {{RequestAbstracts("_inner")}}
            }
            """;
        var test = new Analyzer.Test { TestCode = source };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Contoso.Api.Test"));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_code_quality.SNOOP005.exclude_test_projects = true\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Silent_ProjectReferencingXunit_ByDefault()
    {
        var source = Usings + $$"""
            public sealed class RecordingResponse : HttpResponse
            {
                private readonly HttpResponse _inner;
                public RecordingResponse(HttpResponse inner) => _inner = inner;
            {{ResponseAbstracts("_inner")}}
            }
            """;
        var test = new Analyzer.Test { TestCode = source };
        test.TestState.AdditionalReferences.Add(s_fakeXunitCore.Value);
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>An assembly named like xUnit's core: only its name matters to the heuristic.</summary>
    private static readonly Lazy<MetadataReference> s_fakeXunitCore = new(() =>
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
                "xunit.core",
                [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace Xunit { public sealed class FactAttribute : System.Attribute { } }")],
                [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .ToMetadataReference());

    [Fact]
    public async Task Silent_PrimaryConstructorContextWrapper()
    {
        var source = Usings + """
            using System.Collections.Generic;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http.Features;

            internal sealed class TenantContext(HttpContext inner, string tenant) : HttpContext
            {
                public string Tenant => tenant;
                public override IFeatureCollection Features => inner.Features;
                public override HttpRequest Request => inner.Request;
                public override HttpResponse Response => inner.Response;
                public override ConnectionInfo Connection => inner.Connection;
                public override WebSocketManager WebSockets => inner.WebSockets;
                public override ClaimsPrincipal User { get => inner.User; set => inner.User = value; }
                public override IDictionary<object, object?> Items { get => inner.Items; set => inner.Items = value; }
                public override IServiceProvider RequestServices { get => inner.RequestServices; set => inner.RequestServices = value; }
                public override CancellationToken RequestAborted { get => inner.RequestAborted; set => inner.RequestAborted = value; }
                public override string TraceIdentifier { get => inner.TraceIdentifier; set => inner.TraceIdentifier = value; }
                public override ISession Session { get => inner.Session; set => inner.Session = value; }
                public override void Abort() => inner.Abort();
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_AbstractWrapperBase()
    {
        var source = Usings + $$"""
            public abstract class ResponseWrapperBase : HttpResponse
            {
                protected readonly HttpResponse Inner;
                protected ResponseWrapperBase(HttpResponse inner) => Inner = inner;
            {{ResponseAbstracts("Inner")}}
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_OverridesInSourceBase()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public abstract class ResponseWrapperBase : HttpResponse
            {
                protected readonly HttpResponse Inner;
                protected ResponseWrapperBase(HttpResponse inner) => Inner = inner;
                public override PipeWriter BodyWriter => Inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => Inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => Inner.CompleteAsync();
            {{ResponseAbstracts("Inner")}}
            }

            public sealed class Derived : ResponseWrapperBase
            {
                public Derived(HttpResponse inner) : base(inner) { }
                public override int StatusCode { get => base.StatusCode; set => base.StatusCode = value; }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_InactiveIfRegion()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            public sealed class Conditional : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Conditional(HttpResponse inner) => _inner = inner;
            #if NEVER_DEFINED
            #else
                public override PipeWriter BodyWriter => _inner.BodyWriter;
                public override Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);
                public override Task CompleteAsync() => _inner.CompleteAsync();
            #endif
            {{ResponseAbstracts("_inner")}}
            }

            #if NEVER_DEFINED
            public sealed class Broken : HttpResponse
            {
                private readonly HttpResponse _inner;
            }
            #endif
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_HoldingOnlyTheContext()
    {
        // Holds an HttpContext, not another HttpResponse: not a wrapper of the same abstraction.
        var source = Usings + $$"""
            public sealed class ContextBackedResponse : HttpResponse
            {
                private readonly HttpContext _context;
                public ContextBackedResponse(HttpContext context) => _context = context;
            {{ResponseAbstracts("_context.Response")}}
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_StaticField_IsNotAWrappedInstance()
    {
        var source = Usings + """
            public sealed class NullResponse : HttpResponse
            {
                public static readonly HttpResponse Instance = new NullResponse();
                public override HttpContext HttpContext => throw new NotSupportedException();
                public override int StatusCode { get; set; }
                public override IHeaderDictionary Headers { get; } = new HeaderDictionary();
                public override Stream Body { get; set; } = Stream.Null;
                public override long? ContentLength { get; set; }
                public override string? ContentType { get; set; }
                public override IResponseCookies Cookies => throw new NotSupportedException();
                public override bool HasStarted => false;
                public override void OnStarting(Func<object, Task> callback, object state) { }
                public override void OnCompleted(Func<object, Task> callback, object state) { }
                public override void Redirect(string location, bool permanent) { }
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_NotDerivingFromTheAbstraction()
    {
        var source = Usings + """
            public sealed class ResponseFacade
            {
                private readonly HttpResponse _inner;
                public ResponseFacade(HttpResponse inner) => _inner = inner;
                public int StatusCode => _inner.StatusCode;
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Silent_CompleteWrapperWithExpressionAndBlockBodies()
    {
        var source = Usings + "using System.IO.Pipelines;\n" + $$"""
            namespace App;

            public class Complete : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Complete(HttpResponse inner) { _inner = inner; }
                public override PipeWriter BodyWriter { get { return _inner.BodyWriter; } }
                public override async Task StartAsync(CancellationToken cancellationToken = default) { await _inner.StartAsync(cancellationToken); }
                public override Task CompleteAsync() { return _inner.CompleteAsync(); }
            {{ResponseAbstracts("_inner")}}
            }
            """;
        await Analyzer.VerifyAnalyzerAsync(source);
    }

    // ------------------------------------------------------------------ broken code

    [Fact]
    public async Task HalfTypedMembers_DoNotThrow()
    {
        var source = Usings + """
            public sealed class {|SNOOP005:Half|} : HttpResponse
            {
                private readonly HttpResponse _inner;
                public Half(HttpResponse inner) => _inner = inner;
                public override PipeWriter BodyWriter =>
                public override Task StartAsync(
                public override
            }
            """;
        await VerifyBrokenAsync(source);
    }

    [Fact]
    public async Task MissingTypes_DoNotThrow()
    {
        var source = Usings + """
            public sealed class Missing : HttpResponsee
            {
                private readonly HttpResponsee _inner;
                public Missing(HttpResponsee inner) => _inner = inner;
            }

            public sealed class {|SNOOP005:MissingHolderType|} : HttpRequest
            {
                private readonly UnknownRequest _inner;
                private readonly HttpRequest _other = null!;
            }
            """;
        await VerifyBrokenAsync(source);
    }

    [Fact]
    public async Task SyntaxErrors_DoNotThrow()
    {
        var source = Usings + """
            public sealed class (HttpResponse inner) : HttpResponse
            {
                private readonly HttpResponse
                public override Task CompleteAsync() => inner.
            """;
        await VerifyBrokenAsync(source);
    }

    private static async Task VerifyBrokenAsync(string source)
    {
        // Whatever the compiler reports is accepted; an analyzer exception (AD0001) is not, and SNOOP005 must report
        // exactly what the markup says.
        var test = new Analyzer.Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        await test.RunAsync(CancellationToken.None);
    }
}
