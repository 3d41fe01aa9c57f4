using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Tests.Shared;

public class OperationFactsTests
{
    private static readonly Snippet s_snippet = Snippet.Compile("""
        public class C
        {
            public void M(Stream inner, Stream other, HttpContext context, HttpContext second, int[] values)
            {
                object implicitly = inner;
                object explicitly = (object)(Stream)inner;
                Stream guarded = inner ?? throw new ArgumentNullException(nameof(inner));
                object both = (object)(inner ?? other);
                var length = inner.Length;
                Stream? nothing = null;
                Stream? defaulted = default;
                Stream? castNull = (Stream?)null;
                Stream? typedDefault = default(Stream);
                var response = context.Response;
                var otherResponse = second.Response;
                var element = values[0];
            }
        }
        """);

    [Fact]
    public void Unwrap_RemovesImplicitConversions()
        => Assert.IsAssignableFrom<IParameterReferenceOperation>(OperationFacts.Unwrap(s_snippet.Initializer("implicitly")));

    [Fact]
    public void Unwrap_RemovesExplicitConversions()
    {
        var initializer = s_snippet.Initializer("explicitly");
        Assert.IsAssignableFrom<IConversionOperation>(initializer);
        Assert.Equal("inner", ((IParameterReferenceOperation)OperationFacts.Unwrap(initializer)!).Parameter.Name);
    }

    [Fact]
    public void Unwrap_TakesTheValueKeptByCoalesce()
        => Assert.Equal("inner", ((IParameterReferenceOperation)OperationFacts.Unwrap(s_snippet.Initializer("guarded"))!).Parameter.Name);

    [Fact]
    public void Unwrap_LeavesOtherOperations()
        => Assert.IsAssignableFrom<IPropertyReferenceOperation>(OperationFacts.Unwrap(s_snippet.Initializer("length")));

    [Fact]
    public void Unwrap_OfNullIsNull()
        => Assert.Null(OperationFacts.Unwrap(null));

    [Fact]
    public void Climb_IsTheInverseOfUnwrap()
    {
        var initializer = s_snippet.Initializer("both");
        var inner = OperationFacts.Unwrap(initializer)!;
        Assert.Equal("inner", ((IParameterReferenceOperation)inner).Parameter.Name);
        Assert.Same(initializer, OperationFacts.Climb(inner));
    }

    [Fact]
    public void Climb_StopsAtTheRightSideOfCoalesce()
    {
        var both = s_snippet.Initializer("both");
        var coalesce = Assert.IsAssignableFrom<ICoalesceOperation>(((IConversionOperation)both).Operand);
        var other = coalesce.WhenNull;

        // 'other' is not what the coalesce stands for, so the coalesce is its use.
        Assert.Same(coalesce, OperationFacts.Climb(other).Parent);
    }

    [Fact]
    public void SameInstance_SameChainIsTheSameObject()
        => Assert.True(OperationFacts.SameInstance(s_snippet.Initializer("response"), s_snippet.Expression("context.Response")));

    [Fact]
    public void SameInstance_ThroughConversions()
        => Assert.True(OperationFacts.SameInstance(s_snippet.Initializer("explicitly"), s_snippet.Initializer("implicitly")));

    [Fact]
    public void SameInstance_OtherReceiverIsAnotherObject()
        => Assert.False(OperationFacts.SameInstance(s_snippet.Initializer("response"), s_snippet.Initializer("otherResponse")));

    [Fact]
    public void SameInstance_ArrayElementsAreNotCompared()
        => Assert.False(OperationFacts.SameInstance(s_snippet.Initializer("element"), s_snippet.Initializer("element")));

    [Theory]
    [InlineData("nothing", true)]
    [InlineData("defaulted", true)]
    [InlineData("castNull", true)]
    [InlineData("typedDefault", true)]
    [InlineData("implicitly", false)]
    public void IsNullValue_NullAndDefaultWithOrWithoutCast(string local, bool expected)
        => Assert.Equal(expected, OperationFacts.IsNullValue(s_snippet.Initializer(local)));

    private static readonly Snippet s_members = Snippet.Compile("""
        public class Holder
        {
            private Stream _field = Stream.Null;
            private static Stream s_static = Stream.Null;
            public Stream Property { get; } = Stream.Null;
            public int this[int i] => i;

            public void M(Holder other)
            {
                var a = _field;
                var b = this._field;
                var c = s_static;
                var d = Property;
                var e = other._field;
                var f = this[0];
            }
        }
        """);

    [Theory]
    [InlineData("a", "_field")]
    [InlineData("b", "_field")]
    [InlineData("c", "s_static")]
    [InlineData("d", "Property")]
    [InlineData("e", null)]
    [InlineData("f", null)]
    public void MemberOfThis_FieldsAndParameterlessPropertiesOfThisOrStatic(string local, string? expected)
        => Assert.Equal(expected, OperationFacts.MemberOfThis(s_members.Initializer(local))?.Name);

    private static readonly Snippet s_stores = Snippet.Compile("""
        public class Stores
        {
            private Stream _inner = Stream.Null;
            private Stream _other = Stream.Null;

            public void M(object box, Stream[] streams)
            {
                var once = _inner;
                Use(once);
                Stream twice = _inner;
                twice = _other;
                Use(twice);
                Stream? late;
                late = _inner;
                Use(late);
                var viaRef = _inner;
                Swap(ref viaRef);
                Use(viaRef);
                var coalesced = _inner;
                coalesced ??= _other;
                Use(coalesced);
                if (box is Stream patterned) Use(patterned);
                foreach (var looped in streams) Use(looped);
                var captured = _inner;
                System.Action reset = () => captured = _other;
                Use(captured);
                Stream? never;
                var (left, right) = (_inner, _other);
                Use(left);
            }

            private static void Use(Stream? stream) { }
            private static void Swap(ref Stream stream) { }
        }
        """);

    [Theory]
    [InlineData("once", "_inner")]
    [InlineData("twice", "_inner,_other")]
    [InlineData("late", "_inner")]
    [InlineData("captured", "_inner,_other")]
    [InlineData("viaRef", null)]
    [InlineData("coalesced", null)]
    [InlineData("patterned", null)]
    [InlineData("looped", null)]
    [InlineData("left", null)]
    public void StoredValues_EveryPlainStoreOrNullWhenTheLocalMayHoldSomethingElse(string local, string? expected)
    {
        var reference = s_stores.Expression("Use(" + local + ")") is IInvocationOperation use
            ? (ILocalReferenceOperation)OperationFacts.Unwrap(use.Arguments[0].Value)!
            : throw new InvalidOperationException();
        var stored = OperationFacts.StoredValues(reference);
        Assert.Equal(expected, stored is null ? null : string.Join(",", stored.Select(v => OperationFacts.MemberOfThis(v)?.Name).OrderBy(n => n)));
    }

    private static readonly Snippet s_declared = Snippet.Compile("""
        public class Declared
        {
            public void M(Stream inner, HttpContext context)
            {
                var plain = inner;
                var suppressed = context.Features.Get<IHttpResponseBodyFeature>()!;
                object converted = (object)inner;
                Stream? none;
                none = inner;
                Use(plain, suppressed, converted, none);
            }

            private static void Use(params object?[] values) { }
        }
        """);

    [Theory]
    [InlineData("plain", typeof(IParameterReferenceOperation))]
    [InlineData("suppressed", typeof(IInvocationOperation))]
    [InlineData("converted", typeof(IParameterReferenceOperation))]
    [InlineData("none", null)]
    public void DeclaredValue_TheUnwrappedInitializerWithoutSuppression(string local, Type? expected)
    {
        var symbol = (ILocalSymbol)s_declared.Model.GetDeclaredSymbol(s_declared.Root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax>().Single(d => d.Identifier.ValueText == local))!;
        var value = OperationFacts.DeclaredValue(symbol, s_declared.Model);
        if (expected is null)
        {
            Assert.Null(value);
        }
        else
        {
            Assert.IsAssignableFrom(expected, value);
        }
    }
}
