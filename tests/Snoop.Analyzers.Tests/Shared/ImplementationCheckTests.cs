using Microsoft.CodeAnalysis;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Tests.Shared;

/// <summary>
/// <see cref="ImplementationCheck"/> answers what <see cref="SymbolFacts.Implements"/> answers, for every named type of a
/// compilation, whatever order the types are asked in (its memory of base types and interfaces must not change an answer).
/// </summary>
public class ImplementationCheckTests
{
    private static readonly Snippet s_snippet = Snippet.Compile("""
        public interface IMoreFeature : IHttpResponseBodyFeature { }
        public interface IOther { }
        public interface IGenericFeature<T> : IHttpResponseBodyFeature { }

        public abstract class Direct : IHttpResponseBodyFeature
        {
            public abstract Stream Stream { get; }
            public abstract PipeWriter Writer { get; }
            public abstract void DisableBuffering();
            public abstract Task StartAsync(CancellationToken cancellationToken = default);
            public abstract Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default);
            public abstract Task CompleteAsync();
        }

        public abstract class ThroughDirect : Direct { }
        public abstract class ThroughTwo : ThroughDirect, IOther { }
        public class ThroughFramework : StreamResponseBodyFeature { public ThroughFramework(Stream s) : base(s) { } }
        public abstract class ThroughInterface : IMoreFeature
        {
            public abstract Stream Stream { get; }
            public abstract PipeWriter Writer { get; }
            public abstract void DisableBuffering();
            public abstract Task StartAsync(CancellationToken cancellationToken = default);
            public abstract Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default);
            public abstract Task CompleteAsync();
        }

        public abstract class ThroughGeneric : ThroughInterface, IGenericFeature<int> { }
        public struct Plain : IOther { }
        public record Dto(string Body);
        public class Derived : Dto { public Derived() : base("") { } }
        public class Controllerish : IDisposable { public void Dispose() { } }
        public class Streamish : MemoryStream { }
        public class Generic<T> : List<T> { }
        public class Cyclic : Cyclic { }
        """);

    private static INamedTypeSymbol Feature => s_snippet.Known.IHttpResponseBodyFeature!;

    public static TheoryData<bool> Orders => new() { false, true };

    [Theory]
    [MemberData(nameof(Orders))]
    public void AnswersAsImplements_ForEveryType(bool reversed)
    {
        var types = AllTypes(s_snippet.Compilation.Assembly.GlobalNamespace).ToList();
        if (reversed)
        {
            types.Reverse();
        }

        var check = new ImplementationCheck(Feature);
        var implementing = new List<string>();
        foreach (var type in types)
        {
            var expected = SymbolFacts.Implements(type, Feature);
            Assert.True(expected == check.IsImplementedBy(type), type.Name);
            if (expected)
            {
                implementing.Add(type.Name);
            }
        }

        // The test would prove little if nothing implemented the interface: these do, each by another path.
        Assert.Equal(
            ["Direct", "IGenericFeature", "IMoreFeature", "ThroughDirect", "ThroughFramework", "ThroughGeneric", "ThroughInterface", "ThroughTwo"],
            implementing.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void AnswersAsImplements_AskedTwice()
    {
        var check = new ImplementationCheck(Feature);
        var type = s_snippet.Type("ThroughTwo");
        Assert.True(check.IsImplementedBy(type));
        Assert.True(check.IsImplementedBy(type));
        Assert.False(check.IsImplementedBy(s_snippet.Type("Derived")));
        Assert.False(check.IsImplementedBy(s_snippet.Type("Derived")));
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol inner)
            {
                foreach (var type in AllTypes(inner))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol type)
            {
                yield return type;
            }
        }
    }
}
