using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Tests.Infrastructure;
using Snoop.Analyzers.Tests.Shared;

namespace Snoop.Analyzers.Tests.Rules;

/// <summary>SNOOP002's fixability facts for the issue-11 shapes: <c>Fixable</c>, or <c>NotFixable</c> with a <c>RestoreFixBlocker</c> name.</summary>
public class BodyNotRestoredPropertiesTests
{
    private static async Task<ImmutableDictionary<string, string?>> PropertiesAsync(string source)
    {
        var compilation = Snippet.Compile(source).Compilation;
        var diagnostics = await compilation.WithAnalyzers([RuleAnalyzers.Alone<BodyNotRestoredRule>()]).GetAnalyzerDiagnosticsAsync();
        return Assert.Single(diagnostics).Properties;
    }

    [Fact]
    public async Task FilterSwap_IsNotFixable_FilterMethods()
    {
        var properties = await PropertiesAsync("""
            using Microsoft.AspNetCore.Mvc.Filters;

            public class CaptureAttribute : ActionFilterAttribute
            {
                private Stream? _original;

                public override void OnActionExecuting(ActionExecutingContext context)
                {
                    _original = context.HttpContext.Response.Body;
                    context.HttpContext.Response.Body = new MemoryStream();
                }
            }
            """);
        Assert.Equal(nameof(RestoreKind.Never), properties[DiagnosticProperties.RestoreKey]);
        Assert.Equal(nameof(RestoreFixBlocker.FilterMethods), properties[DiagnosticProperties.NotFixableKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.FixableKey));
    }

    [Fact]
    public async Task UnkeptFeatureSwap_TaskNotAwaited_IsNotFixable_TaskNotAwaited()
    {
        var properties = await PropertiesAsync("""
            public class M(RequestDelegate next)
            {
                public Task Invoke(HttpContext context)
                {
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()));
                    return next(context);
                }
            }
            """);
        Assert.Equal(nameof(RestoreKind.Never), properties[DiagnosticProperties.RestoreKey]);
        Assert.Equal(nameof(RestoreFixBlocker.TaskNotAwaited), properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task EarlyReturnWithARestoringCatch_IsNotFixable_NoSafeRegion()
    {
        var properties = await PropertiesAsync("""
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    var original = context.Response.Body;
                    context.Response.Body = new MemoryStream();
                    try
                    {
                        await next(context);
                        if (context.Response.StatusCode == 204) return;
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
        Assert.Equal(nameof(RestoreKind.SuccessAndCatch), properties[DiagnosticProperties.RestoreKey]);
        Assert.Equal(nameof(RestoreFixBlocker.NoSafeRegion), properties[DiagnosticProperties.NotFixableKey]);
    }

    [Fact]
    public async Task UnkeptFeatureSwap_NeverPutBack_IsFixable()
    {
        var properties = await PropertiesAsync("""
            public class M(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(new MemoryStream()));
                    await next(context);
                }
            }
            """);
        Assert.Equal(DiagnosticProperties.True, properties[DiagnosticProperties.FixableKey]);
        Assert.False(properties.ContainsKey(DiagnosticProperties.NotFixableKey));
    }
}
