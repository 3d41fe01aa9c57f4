using Verify = Snoop.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule, Snoop.CodeFixes.Rules.BodyNotRestoredCodeFix>;
using VerifyAnalyzer = Snoop.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<Snoop.Analyzers.Rules.BodyNotRestoredRule>;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>
/// SNOOP002 on a <c>Response.Body</c> swap held in a field of a synchronous MVC filter (issue 11): the "executing" method
/// keeps the original in a field and swaps, the "executed" method is the pair's finally. Reported without a fix (the
/// restore spans two methods).
/// </summary>
public class BodyNotRestoredFilterTests
{
    private const string Usings = BufferedResponseBodyTests.Usings + "using Microsoft.AspNetCore.Mvc.Filters;\n";

    private static Task NoFix(string source) => Verify.VerifyCodeFixAsync(source, source);

    // ------------------------------------------------------------------ fires

    [Fact]
    public Task Fires_ActionFilterAttribute_OriginalInAField_CopiedBackButNeverRestored_NoFix() => NoFix(Usings + """
        public class LogResponseAttribute : ActionFilterAttribute
        {
            private Stream _originalBody = Stream.Null;
            private MemoryStream _buffer = new();

            public override void OnActionExecuting(ActionExecutingContext context)
            {
                _originalBody = context.HttpContext.Response.Body;
                _buffer = new MemoryStream();
                {|SNOOP002:context.HttpContext.Response.Body = _buffer|};
            }

            public override void OnResultExecuted(ResultExecutedContext context)
            {
                _buffer.Position = 0;
                Console.WriteLine(new StreamReader(_buffer).ReadToEnd());
                _buffer.Position = 0;
                _buffer.CopyTo(_originalBody);
            }
        }
        """);

    [Fact]
    public Task Fires_SwapInOnActionExecuting_RestoredOnlyInOnResultExecuted() => VerifyAnalyzer.VerifyAnalyzerAsync(Usings + """
        public class CaptureAttribute : ActionFilterAttribute
        {
            private Stream? _original;

            public override void OnActionExecuting(ActionExecutingContext context)
            {
                var response = context.HttpContext.Response;
                _original = response.Body;
                {|#0:response.Body = new MemoryStream()|};
            }

            public override void OnResultExecuted(ResultExecutedContext context)
            {
                var buffer = context.HttpContext.Response.Body;
                buffer.Position = 0;
                buffer.CopyTo(_original!);
                context.HttpContext.Response.Body = _original!;
            }
        }
        """,
        VerifyAnalyzer.Diagnostic(Descriptors.SNOOP002_FilterRestoredOnSuccessOnly).WithLocation(0).WithArguments("_original"));

    [Fact]
    public Task Fires_ResultFilter_RestoredOnlyWhenTheResultSucceeded() => VerifyAnalyzer.VerifyAnalyzerAsync(Usings + """
        public sealed class MinifyFilter : IResultFilter
        {
            private Stream? _original;
            private MemoryStream? _buffer;

            public void OnResultExecuting(ResultExecutingContext context)
            {
                var original = context.HttpContext.Response.Body;
                _original = original;
                _buffer = new MemoryStream();
                {|SNOOP002:context.HttpContext.Response.Body = _buffer|};
            }

            public void OnResultExecuted(ResultExecutedContext context)
            {
                if (context.Exception == null && _buffer != null && _original != null)
                {
                    _buffer.Position = 0;
                    _buffer.CopyTo(_original);
                    context.HttpContext.Response.Body = _original;
                }
            }
        }
        """);

    [Fact]
    public Task Fires_ResultFilterAttribute_OriginalInAProperty_NeverRestored() => VerifyAnalyzer.VerifyAnalyzerAsync(Usings + """
        public class EnvelopeAttribute : ResultFilterAttribute
        {
            private Stream? OriginalBody { get; set; }

            public override void OnResultExecuting(ResultExecutingContext context)
            {
                this.OriginalBody = context.HttpContext.Response.Body;
                {|#0:context.HttpContext.Response.Body = new MemoryStream()|};
            }

            public override void OnResultExecuted(ResultExecutedContext context)
            {
                var buffer = (MemoryStream)context.HttpContext.Response.Body;
                OriginalBody!.Write(buffer.ToArray());
            }
        }
        """,
        VerifyAnalyzer.Diagnostic(Descriptors.SNOOP002_NeverRestored).WithLocation(0).WithArguments("OriginalBody"));

    // ------------------------------------------------------------------ silent

    public static TheoryData<string, string> SilentCases() => new()
    {
        { "result filter: swap in OnResultExecuting, restore in OnResultExecuted (the pair's finally)", """
            public class LogResultAttribute : ResultFilterAttribute
            {
                private Stream _original = Stream.Null;
                private MemoryStream _buffer = new();

                public override void OnResultExecuting(ResultExecutingContext context)
                {
                    _original = context.HttpContext.Response.Body;
                    _buffer = new MemoryStream();
                    context.HttpContext.Response.Body = _buffer;
                }

                public override void OnResultExecuted(ResultExecutedContext context)
                {
                    _buffer.Position = 0;
                    _buffer.CopyTo(_original);
                    context.HttpContext.Response.Body = _original;
                }
            }
            """ },
        { "action filter: swap in OnActionExecuting, restore in OnActionExecuted", """
            public class CaptureActionOutputAttribute : ActionFilterAttribute
            {
                private Stream? _original;

                public override void OnActionExecuting(ActionExecutingContext context)
                {
                    _original = context.HttpContext.Response.Body;
                    context.HttpContext.Response.Body = new MemoryStream();
                }

                public override void OnActionExecuted(ActionExecutedContext context)
                {
                    if (_original != null)
                    {
                        context.HttpContext.Response.Body = _original;
                    }
                }
            }
            """ },
        { "action filter: restore in OnActionExecuted on exception and in OnResultExecuted always", """
            public class RestLogAttribute : ActionFilterAttribute
            {
                private Stream? _original;

                public override void OnActionExecuting(ActionExecutingContext context)
                {
                    _original = context.HttpContext.Response.Body;
                    context.HttpContext.Response.Body = new MemoryStream();
                }

                public override void OnActionExecuted(ActionExecutedContext context)
                {
                    if (context.Exception != null)
                    {
                        context.HttpContext.Response.Body = _original!;
                    }
                }

                public override void OnResultExecuted(ResultExecutedContext context)
                {
                    var buffer = context.HttpContext.Response.Body;
                    buffer.Position = 0;
                    buffer.CopyTo(_original!);
                    context.HttpContext.Response.Body = _original!;
                }
            }
            """ },
        { "result filter: restore in a finally of OnResultExecuted", """
            public sealed class AuditFilter : IResultFilter
            {
                private Stream? _original;
                private MemoryStream? _buffer;

                public void OnResultExecuting(ResultExecutingContext context)
                {
                    _original = context.HttpContext.Response.Body;
                    _buffer = new MemoryStream();
                    context.HttpContext.Response.Body = _buffer;
                }

                public void OnResultExecuted(ResultExecutedContext context)
                {
                    try
                    {
                        _buffer!.Position = 0;
                        _buffer.CopyTo(_original!);
                    }
                    finally
                    {
                        context.HttpContext.Response.Body = _original!;
                    }
                }
            }
            """ },
        { "async filter: original in a field, restored in finally around await next()", """
            public class CaptureAsyncAttribute : Attribute, IAsyncResultFilter
            {
                private Stream? _original;

                public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
                {
                    _original = context.HttpContext.Response.Body;
                    using var buffer = new MemoryStream();
                    context.HttpContext.Response.Body = buffer;
                    try
                    {
                        await next();
                        buffer.Position = 0;
                        await buffer.CopyToAsync(_original);
                    }
                    finally
                    {
                        context.HttpContext.Response.Body = _original;
                    }
                }
            }
            """ },
        { "restore through a helper called from the after method", """
            public class CaptureAttribute : ActionFilterAttribute
            {
                private Stream? _original;

                public override void OnResultExecuting(ResultExecutingContext context)
                {
                    _original = context.HttpContext.Response.Body;
                    context.HttpContext.Response.Body = new MemoryStream();
                }

                public override void OnResultExecuted(ResultExecutedContext context) => Restore(context.HttpContext);

                private void Restore(HttpContext http) => http.Response.Body = _original!;
            }
            """ },
        { "original kept in HttpContext.Items, restored by a helper", """
            public class ItemsCaptureAttribute : ActionFilterAttribute
            {
                private const string Key = "original-body";

                public override void OnActionExecuting(ActionExecutingContext context)
                {
                    context.HttpContext.Items[Key] = context.HttpContext.Response.Body;
                    context.HttpContext.Response.Body = new MemoryStream();
                }

                public override void OnResultExecuted(ResultExecutedContext context)
                {
                    context.HttpContext.Response.Body = (Stream)context.HttpContext.Items[Key]!;
                }
            }
            """ },
        { "a filter deriving from a project base class whose OnResultExecuted restores", """
            public abstract class CaptureFilterBase : ResultFilterAttribute
            {
                protected Stream? Original;

                public override void OnResultExecuted(ResultExecutedContext context)
                {
                    context.HttpContext.Response.Body = Original!;
                }
            }

            public class JsonCaptureAttribute : CaptureFilterBase
            {
                private Stream? _mine;

                public override void OnResultExecuting(ResultExecutingContext context)
                {
                    Original = context.HttpContext.Response.Body;
                    _mine = Original;
                    context.HttpContext.Response.Body = new MemoryStream();
                }
            }
            """ },
        { "the filter swaps the body of a DefaultHttpContext it built (a render to a string), not of the request's response", """
            public class RenderProbeAttribute : ActionFilterAttribute
            {
                private Stream _original = Stream.Null;

                public override void OnActionExecuting(ActionExecutingContext context)
                {
                    var probe = new DefaultHttpContext { RequestServices = context.HttpContext.RequestServices };
                    _original = probe.Response.Body;
                    probe.Response.Body = new MemoryStream();
                }
            }
            """ },
        { "not a filter: a class with an OnResultExecuting method of its own", """
            public class Hooks
            {
                private Stream? _original;

                public void OnResultExecuting(HttpContext context)
                {
                    _original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                }

                public void Done(HttpContext context) => Console.WriteLine(_original);
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(SilentCases))]
    public Task Silent(string name, string source)
    {
        _ = name;
        return VerifyAnalyzer.VerifyAnalyzerAsync("#nullable enable\n" + Usings + source);
    }
}
