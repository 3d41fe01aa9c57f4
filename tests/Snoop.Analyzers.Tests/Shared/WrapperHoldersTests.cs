using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Tests.Shared;

public class WrapperHoldersTests
{
    private static readonly Snippet s_snippet = Snippet.Compile("""
        public class FieldFromPrimary(IHttpResponseBodyFeature inner)
        {
            private readonly IHttpResponseBodyFeature _inner = inner;
        }

        public class PrimaryOnly(IHttpResponseBodyFeature inner)
        {
            public void M() => inner.DisableBuffering();
        }

        public class Two
        {
            private IHttpResponseBodyFeature? _first;
            public IHttpResponseBodyFeature? Second { get; set; }
        }

        public class ClassTyped
        {
            private MemoryStream _buffer = new();
            private static Stream s_shared = Stream.Null;
        }

        public class ProtectedBase
        {
            protected Stream Inner = Stream.Null;
        }

        public class FromProtectedBase : ProtectedBase
        {
        }

        public class PrivateBase
        {
            private Stream _inner = Stream.Null;
        }

        public class FromPrivateBase : PrivateBase
        {
        }

        public class FromCompiledBase : StreamResponseBodyFeature
        {
            public FromCompiledBase(Stream stream) : base(stream) { }
        }
        """);

    private static List<ISymbol> Find(string type, INamedTypeSymbol? held)
        => WrapperHolders.Find(s_snippet.Type(type), held!, CancellationToken.None);

    private static INamedTypeSymbol? Feature => s_snippet.Known.IHttpResponseBodyFeature;

    private static INamedTypeSymbol? Stream => s_snippet.Known.Stream;

    [Fact]
    public void Find_APrimaryParameterCopiedIntoAFieldIsOneHolder()
        => Assert.Equal(["_inner"], Find("FieldFromPrimary", Feature).Select(h => h.Name));

    [Fact]
    public void Find_APrimaryParameterUsedDirectlyIsTheHolder()
    {
        var holder = Assert.Single(Find("PrimaryOnly", Feature));
        Assert.IsAssignableFrom<IParameterSymbol>(holder);
    }

    [Fact]
    public void Find_ADerivedTypeCountsInstanceMembersOnly()
        => Assert.Equal(["_buffer"], Find("ClassTyped", Stream).Select(h => h.Name));

    [Fact]
    public void Find_MembersOfASourceBaseClassCount()
        => Assert.Equal(["Inner"], Find("FromProtectedBase", Stream).Select(h => h.Name));

    [Fact]
    public void Find_MembersOfACompiledBaseClassDoNotCount()
        => Assert.Empty(Find("FromCompiledBase", Feature));

    [Fact]
    public void Choose_TheOnlyMember()
        => Assert.Equal("_inner", WrapperHolders.Choose(Find("FieldFromPrimary", Feature), s_snippet.Type("FieldFromPrimary"))?.Name);

    [Fact]
    public void Choose_TheOnlyParameterWhenThereIsNoMember()
        => Assert.Equal("inner", WrapperHolders.Choose(Find("PrimaryOnly", Feature), s_snippet.Type("PrimaryOnly"))?.Name);

    [Fact]
    public void Choose_TwoMembersAreAmbiguous()
        => Assert.Null(WrapperHolders.Choose(Find("Two", Feature), s_snippet.Type("Two")));

    [Fact]
    public void Choose_AProtectedMemberOfABaseClassIsReachable()
        => Assert.Equal("Inner", WrapperHolders.Choose(Find("FromProtectedBase", Stream), s_snippet.Type("FromProtectedBase"))?.Name);

    [Fact]
    public void Choose_APrivateMemberOfABaseClassIsNot()
    {
        var holders = Find("FromPrivateBase", Stream);
        Assert.Equal(["_inner"], holders.Select(h => h.Name));
        Assert.Null(WrapperHolders.Choose(holders, s_snippet.Type("FromPrivateBase")));
    }

    [Fact]
    public void IsNullable_FollowsTheDeclaration()
    {
        var holders = Find("Two", Feature);
        Assert.All(holders, h => Assert.True(WrapperHolders.IsNullable(h)));
        Assert.False(WrapperHolders.IsNullable(Find("FieldFromPrimary", Feature)[0]));
    }
}
