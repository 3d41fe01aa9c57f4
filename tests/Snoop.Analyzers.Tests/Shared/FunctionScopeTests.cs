using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Tests.Shared;

public class FunctionScopeTests
{
    private static readonly Snippet s_snippet = Snippet.Compile("""
        public class C
        {
            public void M(HttpContext context, FeatureCollection collection)
            {
                var outer = 1;
                Action a = () => { var inner = 2; };
                void Local() { var local = 3; }
                try { var tried = 4; }
                catch { var caught = 5; }
                finally { var final = 6; }
                var viaInterface = context.Features.Get<IHttpResponseBodyFeature>();
                var viaClass = collection.Get<IHttpResponseBodyFeature>();
            }
        }
        """);

    private static IOperation Root => FunctionScope.GetScope(s_snippet.Initializer("outer"));

    [Fact]
    public void GetScope_IsTheNearestLambdaOrLocalFunction()
    {
        Assert.IsAssignableFrom<IAnonymousFunctionOperation>(FunctionScope.GetScope(s_snippet.Initializer("inner")));
        Assert.IsAssignableFrom<ILocalFunctionOperation>(FunctionScope.GetScope(s_snippet.Initializer("local")));
        Assert.IsAssignableFrom<IMethodBodyOperation>(Root);
    }

    [Fact]
    public void EnumerateOwn_LeavesNestedFunctionsOut_EnumerateAllDoesNot()
    {
        static List<string> Locals(IEnumerable<IOperation> operations)
            => operations.OfType<IVariableDeclaratorOperation>().Select(d => d.Symbol.Name).ToList();

        Assert.DoesNotContain("inner", Locals(FunctionScope.EnumerateOwn(Root)));
        Assert.Contains("inner", Locals(FunctionScope.EnumerateAll(Root)));
        Assert.Equal(["outer", "a", "tried", "caught", "final", "viaInterface", "viaClass"], Locals(FunctionScope.EnumerateOwn(Root)));
    }

    [Fact]
    public void IsInNestedFunction_BelowTheScope()
    {
        Assert.True(FunctionScope.IsInNestedFunction(s_snippet.Initializer("inner"), Root));
        Assert.False(FunctionScope.IsInNestedFunction(s_snippet.Initializer("outer"), Root));
    }

    [Fact]
    public void IsInFinallyAndIsInCatch_ByClause()
    {
        var scope = Root.Syntax;
        Assert.True(FunctionScope.IsInFinally(s_snippet.Initializer("final").Syntax, scope));
        Assert.False(FunctionScope.IsInFinally(s_snippet.Initializer("tried").Syntax, scope));
        Assert.True(FunctionScope.IsInCatch(s_snippet.Initializer("caught").Syntax, scope));
        Assert.False(FunctionScope.IsInCatch(s_snippet.Initializer("final").Syntax, scope));
    }

    [Fact]
    public void IsBodyFeatureCall_OnTheInterfaceAndOnAClassImplementingIt()
    {
        // One recognizer for Features.Get/Set<IHttpResponseBodyFeature> (SNOOP001, SNOOP002, SNOOP004's install check).
        Assert.True(ResponseBodySwap.IsBodyFeatureCall((IInvocationOperation)s_snippet.Initializer("viaInterface"), s_snippet.Known, "Get"));
        Assert.True(ResponseBodySwap.IsBodyFeatureCall((IInvocationOperation)s_snippet.Initializer("viaClass"), s_snippet.Known, "Get"));
        Assert.False(ResponseBodySwap.IsBodyFeatureCall((IInvocationOperation)s_snippet.Initializer("viaClass"), s_snippet.Known, "Set"));
    }
}
