using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Tests.Shared;

public class SymbolFactsTests
{
    private static readonly Snippet s_snippet = Snippet.Compile("""
        public class Equatable : IEquatable<Equatable>
        {
            public bool Equals(Equatable? other) => false;
        }

        public class DerivedFeature : StreamResponseBodyFeature
        {
            public DerivedFeature(Stream stream) : base(stream) { }
        }

        public class Counting : MemoryStream
        {
            public override void Write(byte[] buffer, int offset, int count) { }
        }

        public class CountingAgain : Counting
        {
        }

        public class Initialized
        {
            private Stream _field = Stream.Null, _other;
            public Stream Property { get; } = new MemoryStream();
            public Stream NoInitializer { get; set; }
        }

        public class Generic<TStream, TMemory, TPlain>
            where TStream : Stream
            where TMemory : MemoryStream
        {
        }
        """);

    private static INamedTypeSymbol Feature => s_snippet.Known.IHttpResponseBodyFeature!;

    [Fact]
    public void Implements_ThroughABaseClass()
        => Assert.True(SymbolFacts.Implements(s_snippet.Type("DerivedFeature"), Feature));

    [Fact]
    public void Implements_AnInterfaceDoesNotImplementItself()
    {
        Assert.False(SymbolFacts.Implements(Feature, Feature));
        Assert.True(SymbolFacts.IsOrImplements(Feature, Feature));
    }

    [Fact]
    public void Implements_AGenericDefinitionMatchesEveryConstruction()
    {
        // Compared by original definition (the semantics chosen for every rule): IEquatable<T> matches IEquatable<Equatable>.
        var definition = s_snippet.Compilation.GetTypeByMetadataName("System.IEquatable`1")!;
        Assert.True(SymbolFacts.Implements(s_snippet.Type("Equatable"), definition));
        Assert.False(SymbolFacts.Implements(s_snippet.Type("Counting"), definition));
    }

    [Fact]
    public void Implements_NullIsFalse()
    {
        Assert.False(SymbolFacts.Implements(null, Feature));
        Assert.False(SymbolFacts.Implements(s_snippet.Type("DerivedFeature"), null));
    }

    [Fact]
    public void FindMethod_ChoosesTheOverloadByParameterCount()
    {
        var stream = s_snippet.Known.Stream!;
        Assert.Equal(3, SymbolFacts.FindMethod(stream, "Write", 3)!.Parameters.Length);
        Assert.Single(SymbolFacts.FindMethod(stream, "Write", 1)!.Parameters);
        Assert.Null(SymbolFacts.FindMethod(stream, "Write", 2));
    }

    [Fact]
    public void FindMethod_IgnoresStaticMethods()
        => Assert.Null(SymbolFacts.FindMethod(s_snippet.Known.PipeWriter, "Create", 2));

    [Fact]
    public void FindImplementation_IsTheMostDerivedDeclaration()
    {
        var write = SymbolFacts.FindMethod(s_snippet.Known.Stream, "Write", 3);
        var implementation = SymbolFacts.FindImplementation(s_snippet.Type("CountingAgain"), write);
        Assert.Equal("Counting", implementation!.ContainingType.Name);
        Assert.Equal(write, SymbolFacts.Root(implementation), SymbolEqualityComparer.Default);
        Assert.False(SymbolFacts.IsDeclaredIn(implementation, s_snippet.Type("CountingAgain")));
        Assert.True(SymbolFacts.IsDeclaredIn(implementation, s_snippet.Type("Counting")));
    }

    [Fact]
    public void IsOfType_TypeParametersCountThroughTheirConstraints_AndTheExceptionWins()
    {
        var parameters = s_snippet.Type("Generic`3").TypeParameters;
        var stream = s_snippet.Known.Stream;
        var memory = s_snippet.Known.MemoryStream;
        Assert.True(SymbolFacts.IsOfType(parameters[0], stream));
        Assert.True(SymbolFacts.IsOfType(parameters[1], stream));
        Assert.False(SymbolFacts.IsOfType(parameters[1], stream, except: memory));
        Assert.False(SymbolFacts.IsOfType(parameters[2], stream));
        Assert.True(SymbolFacts.IsOfType(s_snippet.Type("Counting"), stream));
        Assert.False(SymbolFacts.IsOfType(s_snippet.Type("Counting"), stream, except: memory));
    }

    [Fact]
    public void DeclaredInitializer_OfFieldsAndProperties()
    {
        var type = s_snippet.Type("Initialized");
        Assert.Equal("Stream.Null", SymbolFacts.DeclaredInitializer(type.GetMembers("_field").Single())?.ToString());
        Assert.Null(SymbolFacts.DeclaredInitializer(type.GetMembers("_other").Single()));
        Assert.Equal("new MemoryStream()", SymbolFacts.DeclaredInitializer(type.GetMembers("Property").Single())?.ToString());
        Assert.Null(SymbolFacts.DeclaredInitializer(type.GetMembers("NoInitializer").Single()));
        Assert.Null(SymbolFacts.DeclaredInitializer(type.GetMembers("Property").Single(), tree: Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("")));
    }
}
