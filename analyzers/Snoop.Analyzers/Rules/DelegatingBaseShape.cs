using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>Which of the runtime's delegating bases a wrapper is re-based on.</summary>
internal enum DelegatingBaseKind
{
    /// <summary><c>Stream</c> → <c>Snoop.DelegatingStream</c> (SNOOP003).</summary>
    Stream,

    /// <summary><c>PipeWriter</c> → <c>Snoop.DelegatingPipeWriter</c> (SNOOP006).</summary>
    PipeWriter,

    /// <summary><c>IHttpResponseBodyFeature</c> on <c>object</c> → <c>Snoop.DelegatingResponseBodyFeature</c> (SNOOP004).</summary>
    BodyFeature,
}

/// <summary>
/// Whether a wrapper class can derive from the runtime's delegating base, and the plan that says how: the wrapped instance,
/// the members that only forward (deleted), the members with logic of their own (kept as overrides calling base) and the
/// routers that keep that logic on the base's other paths. The one implementation: SNOOP003, SNOOP004 and SNOOP006 run it
/// at report time for <see cref="DiagnosticProperties.RebaseKey"/>, the re-base fix runs it again on the document it
/// rewrites.
/// </summary>
internal static partial class DelegatingBaseShape
{
    /// <summary>
    /// Plans the re-base of <paramref name="type"/>; returns <see cref="DiagnosticProperties.True"/> with the plan, or the
    /// reason it cannot (one of the <c>Rebase*</c> values of <see cref="DiagnosticProperties"/>) and no plan.
    /// <paramref name="reachesOnceAppliedBefore"/>: the analyzer's view of a fix step that runs before the re-base (SNOOP004's
    /// kept work: a <c>StartAsync</c>/<c>CompleteAsync</c> doing only its own work gets the call of the wrapped feature), so a
    /// reason stays final for the fixer; a member it names counts as reaching the wrapped instance.
    /// </summary>
    public static string Decide(INamedTypeSymbol type, DelegatingBaseKind kind, INamedTypeSymbol innerType, SemanticModel model, CancellationToken cancellationToken, out Plan? plan, System.Func<ISymbol, bool>? reachesOnceAppliedBefore = null)
    {
        plan = null;
        if (!HasExpectedBase(type, kind, innerType))
        {
            return DiagnosticProperties.RebaseNoExpectedBase;
        }

        if (type.DeclaringSyntaxReferences.Length != 1
            || type.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ClassDeclarationSyntax { BaseList: not null } declaration
            || declaration.SyntaxTree != model.SyntaxTree)
        {
            return DiagnosticProperties.RebaseNotSingleDeclaration;
        }

        // The wrapped instance: a primary-constructor parameter, or a field/property every constructor assigns from a parameter.
        var planned = new Plan(declaration, type, innerType, kind) { ReachesOnceAppliedBefore = reachesOnceAppliedBefore };
        if (!FindInner(planned, model, cancellationToken))
        {
            return DiagnosticProperties.RebaseNoInner;
        }

        foreach (var member in declaration.Members)
        {
            if (!ClassifyMember(planned, member, model, cancellationToken))
            {
                return DiagnosticProperties.RebaseMemberNotKept;
            }
        }

        if (!KeptMembersStillReachTheInner(planned, model, cancellationToken))
        {
            return DiagnosticProperties.RebaseInnerUnreachable;
        }

        if (!AddRouters(planned))
        {
            return DiagnosticProperties.RebaseNoRouter;
        }

        plan = planned;
        return DiagnosticProperties.True;
    }

    /// <summary>The <see cref="DiagnosticProperties.RebaseKey"/> fact of a reported wrapper (computed only for reported diagnostics).</summary>
    public static string Fact(INamedTypeSymbol type, DelegatingBaseKind kind, INamedTypeSymbol innerType, Compilation compilation, System.Func<SyntaxTree, SemanticModel?>? models, CancellationToken cancellationToken, System.Func<ISymbol, bool>? reachesOnceAppliedBefore = null)
    {
        if (type.DeclaringSyntaxReferences.Length != 1)
        {
            return DiagnosticProperties.RebaseNotSingleDeclaration;
        }

        var tree = type.DeclaringSyntaxReferences[0].SyntaxTree;
        var model = models?.Invoke(tree) ?? compilation.GetSemanticModel(tree);
        return Decide(type, kind, innerType, model, cancellationToken, out _, reachesOnceAppliedBefore);
    }

    /// <summary>The wrapped type of <paramref name="kind"/> (the type the class derives from or implements).</summary>
    public static INamedTypeSymbol? InnerTypeOf(KnownTypes known, DelegatingBaseKind kind) => kind switch
    {
        DelegatingBaseKind.Stream => known.Stream,
        DelegatingBaseKind.PipeWriter => known.PipeWriter,
        _ => known.IHttpResponseBodyFeature,
    };
}
