using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The <see cref="StreamWrapperModel"/> of source classes, computed on demand from another type's action (an install
/// site) and kept for the rest of the compilation: each class is analyzed once, however many sites install it.
/// </summary>
internal sealed class StreamWrapperModels
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, StreamWrapperModel> _cache = new(SymbolEqualityComparer.Default);
    private readonly Compilation _compilation;
    private readonly StreamMembers _members;

    public StreamWrapperModels(Compilation compilation, StreamMembers members)
    {
        _compilation = compilation;
        _members = members;
    }

    /// <summary>The verdict on <paramref name="type"/>; <paramref name="current"/> is reused when the class is declared in its tree.</summary>
    public StreamWrapperModel Get(INamedTypeSymbol type, SemanticModel current, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(type, out var cached))
        {
            return cached;
        }

        var model = Compute(type, current, cancellationToken);
        return _cache.GetOrAdd(type, model);
    }

    private StreamWrapperModel Compute(INamedTypeSymbol type, SemanticModel current, CancellationToken cancellationToken)
    {
        if (type.DeclaringSyntaxReferences.IsEmpty)
        {
            return StreamWrapperModel.NotAWrapper;
        }

        var facts = new WrapperFacts(type, _members.Stream, _members.MemoryStream);
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration)
            {
                continue;
            }

            var model = declaration.SyntaxTree == current.SyntaxTree ? current : GetModel(declaration.SyntaxTree);
            foreach (var (owner, body) in MemberBodies.Of(declaration, model, cancellationToken))
            {
                Record(owner, body, model, type, facts, cancellationToken);
            }
        }

        return StreamWrapperWrites.Classify(type, facts);
    }

#pragma warning disable RS1030 // The wrapper class is another type, usually in another file. The analyzer driver's semantic model provider caches models during analysis, and each class is analyzed once per compilation (see the cache above).
    private SemanticModel GetModel(SyntaxTree tree) => _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    private void Record(ISymbol owner, SyntaxNode body, SemanticModel model, INamedTypeSymbol type, WrapperFacts facts, CancellationToken cancellationToken)
    {
        if (model.GetOperation(body, cancellationToken) is not { } operation)
        {
            return;
        }

        var blocks = new[] { operation };
        facts.AnalyzeBlock(owner, blocks);
        StreamWrapperWrites.Summarize(owner, blocks, type, facts, _members);
    }
}
