using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The observe/transform judgement for <c>PipeWriter</c> wrapper classes declared in the project (the counterpart of
/// <see cref="StreamWrapperModels"/>), computed on demand and kept per class for the compilation.
/// Observing: <c>Advance</c> hands its argument unchanged to the wrapped writer's <c>Advance</c> (and adds it to a counter,
/// or logs), <c>GetMemory</c>/<c>GetSpan</c> return the wrapped writer's, and every other member SNOOP006 looks at
/// (<c>FlushAsync</c>, <c>CancelPendingFlush</c>, <c>Complete</c>, <c>CompleteAsync</c>, <c>CanGetUnflushedBytes</c>,
/// <c>UnflushedBytes</c>) is declared and only forwards. Counting: the only side effect of the write path is adding the
/// count to one field or property. Anything else (an own buffer, rewritten or extra bytes, a capability SNOOP006 reports)
/// or a shape the model does not know: <see cref="WrapperWriteKind.None"/> (precision first).
/// </summary>
internal sealed partial class PipeWriterWrapperModels
{
    private static readonly string[] Required =
    {
        "Advance", "GetMemory", "GetSpan", "FlushAsync", "CancelPendingFlush", "Complete", "CompleteAsync", "CanGetUnflushedBytes", "UnflushedBytes",
    };

    private readonly ConcurrentDictionary<INamedTypeSymbol, StreamWrapperModel> _cache = new(SymbolEqualityComparer.Default);
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _pipeWriter;

    public PipeWriterWrapperModels(Compilation compilation, INamedTypeSymbol pipeWriter)
    {
        _compilation = compilation;
        _pipeWriter = pipeWriter;
    }

    /// <summary>The verdict on <paramref name="type"/>; <paramref name="current"/> is reused when the class is declared in its tree.</summary>
    public StreamWrapperModel Get(INamedTypeSymbol type, SemanticModel current, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(type, out var cached))
        {
            return cached;
        }

        return _cache.GetOrAdd(type, Compute(type, current, cancellationToken));
    }

    private StreamWrapperModel Compute(INamedTypeSymbol type, SemanticModel current, CancellationToken cancellationToken)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType || type.DeclaringSyntaxReferences.Length != 1
            || !SymbolEqualityComparer.Default.Equals(type.BaseType, _pipeWriter)
            || type.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ClassDeclarationSyntax declaration)
        {
            return StreamWrapperModel.NotAWrapper;
        }

        foreach (var member in declaration.Members)
        {
            if (member is IndexerDeclarationSyntax or EventDeclarationSyntax or OperatorDeclarationSyntax or ConversionOperatorDeclarationSyntax)
            {
                // Not a shape the model knows.
                return StreamWrapperModel.NotAWrapper;
            }
        }

        var model = declaration.SyntaxTree == current.SyntaxTree ? current : GetModel(declaration.SyntaxTree);
        var bodies = new List<(ISymbol Owner, IOperation Body)>();
        foreach (var (owner, body) in MemberBodies.Of(declaration, model, cancellationToken))
        {
            if (model.GetOperation(body, cancellationToken) is { } operation)
            {
                bodies.Add((owner, operation));
            }
        }

        // The wrapped writer: what Advance hands the count to; it must come from a constructor parameter.
        var inner = FindInner(bodies);
        if (inner is null || !InnerFromConstructor(inner, bodies))
        {
            return StreamWrapperModel.NotAWrapper;
        }

        var judge = new Judge(inner);
        var seen = new HashSet<string>();
        foreach (var (owner, body) in bodies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!judge.Accepts(owner, body, seen))
            {
                return StreamWrapperModel.NotAWrapper;
            }
        }

        foreach (var name in Required)
        {
            if (!seen.Contains(name))
            {
                return StreamWrapperModel.NotAWrapper;
            }
        }

        return judge.Verdict(bodies);
    }

#pragma warning disable RS1030 // The wrapper class is another type, usually in another file; analyzed once per compilation (see the cache above).
    private SemanticModel GetModel(SyntaxTree tree) => _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

    /// <summary>The receiver of the <c>Advance</c> override's call to another writer's <c>Advance</c>: a field, property or primary-constructor parameter.</summary>
    private ISymbol? FindInner(List<(ISymbol Owner, IOperation Body)> bodies)
    {
        foreach (var (owner, body) in bodies)
        {
            if (owner is not IMethodSymbol { Name: "Advance", IsOverride: true })
            {
                continue;
            }

            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { TargetMethod.Name: "Advance" } call && InnerSymbol(call.Instance) is { } symbol
                    && KnownTypes.InheritsFromOrEquals(call.Instance!.Type, _pipeWriter))
                {
                    return symbol.OriginalDefinition;
                }
            }
        }

        return null;
    }

    /// <summary>A field or property of this instance, or a (primary-)constructor parameter.</summary>
    internal static ISymbol? InnerSymbol(IOperation? operation)
        => OperationFacts.Unwrap(operation) switch
        {
            IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } } parameter => parameter.Parameter,
            var other => OperationFacts.MemberOfThis(other) is { } member and (IFieldSymbol or IPropertySymbol) ? member : null,
        };

    /// <summary>A field or property inner is only ever assigned a constructor parameter (in a constructor or an initializer).</summary>
    private static bool InnerFromConstructor(ISymbol inner, List<(ISymbol Owner, IOperation Body)> bodies)
    {
        if (inner is IParameterSymbol)
        {
            return true;
        }

        var assigned = false;
        foreach (var (owner, body) in bodies)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                IOperation? value = operation switch
                {
                    IAssignmentOperation assignment when SymbolEqualityComparer.Default.Equals(OperationFacts.MemberOfThis(assignment.Target)?.OriginalDefinition, inner) => assignment.Value,
                    IFieldInitializerOperation field when Contains(field.InitializedFields, inner) => field.Value,
                    IPropertyInitializerOperation property when Contains(property.InitializedProperties, inner) => property.Value,
                    _ => null,
                };
                if (value is null)
                {
                    continue;
                }

                if (owner is IMethodSymbol { MethodKind: not MethodKind.Constructor }
                    || OperationFacts.Unwrap(value) is not IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } })
                {
                    return false;
                }

                assigned = true;
            }
        }

        return assigned;
    }

    private static bool Contains<T>(ImmutableArray<T> symbols, ISymbol symbol)
        where T : ISymbol
    {
        foreach (var candidate in symbols)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, symbol))
            {
                return true;
            }
        }

        return false;
    }
}
