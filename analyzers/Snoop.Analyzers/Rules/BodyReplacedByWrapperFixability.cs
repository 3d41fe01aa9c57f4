using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP007's fixability fact, computed for a reported install only: why the rewrite to <c>BeginMetrics</c> / <c>Observe</c>
/// does not apply (a <c>NotFixable*</c> value of <see cref="DiagnosticProperties"/>), or null. The rewrite removes the install,
/// the kept original, the previous feature and their restores, and the wrapper's disposal; so every other use of those locals
/// (and any naming of the wrapper type, a cast of the body) must be one it can carry over: a read of a count member, a
/// member the generated observer keeps.
/// </summary>
internal static class BodyReplacedByWrapperFixability
{
    /// <summary>
    /// The reason no fix applies to the install (the operation reported: <c>Response.Body = w</c> or the <c>Features.Set</c>
    /// call) of <c>installed</c> (the stream wrapper, or the hand-written feature when <c>featureWrapper</c>; created in place
    /// or a local holding it), given the <c>previous</c> feature of the feature forms and the wrapper's count members
    /// (<c>countMembers</c>, null for an observing wrapper); null when the fix applies.
    /// </summary>
    public static string? NotFixableReason(IOperation install, IOperation installed, IOperation? previous, bool featureWrapper, string[]? countMembers, KnownTypes known, CancellationToken cancellationToken)
    {
        var model = install.SemanticModel!;
        var swap = install.Syntax;
        var functionBody = swap.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax) switch
        {
            BaseMethodDeclarationSyntax method => method.Body,
            AnonymousFunctionExpressionSyntax lambda => lambda.Block,
            LocalFunctionStatementSyntax local => local.Body,
            AccessorDeclarationSyntax accessor => accessor.Body,
            _ => null,
        };
        if (functionBody is null)
        {
            // Top-level statements, an expression body: there is no block to place the capture in.
            return DiagnosticProperties.NotFixableNoBlock;
        }

        ILocalSymbol? wrapperLocal = null;
        var creation = OperationFacts.Unwrap(installed) as IObjectCreationOperation;
        if (OperationFacts.Unwrap(installed) is ILocalReferenceOperation installedLocal)
        {
            wrapperLocal = installedLocal.Local;
            creation = OperationFacts.Unwrap(OperationFacts.DeclaredValue(installedLocal.Local, model, cancellationToken)) as IObjectCreationOperation;
        }

        if (creation?.Type is not INamedTypeSymbol wrapperType || creation.Constructor is not { } constructor)
        {
            return DiagnosticProperties.NotFixableWrapperUsedOtherwise;
        }

        HashSet<string>? observerMembers = null;
        if (countMembers is null)
        {
            var shape = featureWrapper ? FeatureObserverShape(wrapperType, model, cancellationToken) : StreamObserverShape.TryRead(wrapperType, constructor, model, cancellationToken);
            if (shape is null
                || !featureWrapper && (creation.Syntax is not ObjectCreationExpressionSyntax { ArgumentList: { } arguments } || arguments.Arguments.Count != constructor.Parameters.Length))
            {
                return DiagnosticProperties.NotFixableNoObserver;
            }

            observerMembers = featureWrapper ? null : shape.Members;
        }

        ILocalSymbol? originalLocal = null;
        foreach (var argument in creation.Arguments)
        {
            if (OperationFacts.Unwrap(argument.Value) is ILocalReferenceOperation original && KnownTypes.InheritsFromOrEquals(original.Type, known.Stream))
            {
                originalLocal = original.Local;
            }
        }

        var previousLocal = (OperationFacts.Unwrap(previous) as ILocalReferenceOperation)?.Local;
        var creationSpan = creation.Syntax.Span;
        foreach (var identifier in functionBody.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (creationSpan.Contains(identifier.Span) || swap.Span.Contains(identifier.Span) || IsDeclarationOf(identifier, wrapperLocal, originalLocal, previousLocal))
            {
                continue;
            }

            var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (symbol is null)
            {
                continue;
            }

            if (previousLocal is not null && SymbolEqualityComparer.Default.Equals(symbol, previousLocal))
            {
                if (FeatureRestoreOf(identifier, model, known, cancellationToken) is null)
                {
                    return DiagnosticProperties.NotFixablePreviousFeatureUsedOtherwise;
                }
            }
            else if (SymbolEqualityComparer.Default.Equals(symbol, wrapperType)
                || wrapperLocal is not null && SymbolEqualityComparer.Default.Equals(symbol, wrapperLocal) && !IsCarriedOver(identifier, countMembers, observerMembers))
            {
                return DiagnosticProperties.NotFixableWrapperUsedOtherwise;
            }
            else if (originalLocal is not null && SymbolEqualityComparer.Default.Equals(symbol, originalLocal) && BodyRestoreOf(identifier, model, known, cancellationToken) is null)
            {
                return DiagnosticProperties.NotFixableOriginalUsedOtherwise;
            }
        }

        if (countMembers is not null && wrapperLocal is not null
            && !CreatedRightBeforeInstall(creation.Syntax, swap, originalLocal, previousLocal, model, cancellationToken))
        {
            return DiagnosticProperties.NotFixableWrapperCreatedApart;
        }

        return null;
    }

    /// <summary>
    /// The counting wrapper's declaration is followed by its install (directly, or by a <c>try</c> whose block starts with
    /// it), with only the declarations of the kept original body or previous feature between them (the rewrite removes
    /// those): the capture then begins where the wrapper was installed.
    /// </summary>
    private static bool CreatedRightBeforeInstall(SyntaxNode creation, SyntaxNode swap, ILocalSymbol? originalLocal, ILocalSymbol? previousLocal, SemanticModel model, CancellationToken cancellationToken)
    {
        return creation.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration
            && swap.FirstAncestorOrSelf<StatementSyntax>() is { } swapStatement
            && IsAdjacentAfterRemovals(declaration, swapStatement, DeclaresKeptLocal);

        bool DeclaresKeptLocal(StatementSyntax statement)
            => statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } kept
                && model.GetDeclaredSymbol(kept.Declaration.Variables[0], cancellationToken) is ILocalSymbol local
                && (SymbolEqualityComparer.Default.Equals(local, originalLocal) || SymbolEqualityComparer.Default.Equals(local, previousLocal));
    }

    /// <summary>
    /// <paramref name="declaration"/> is followed directly by <paramref name="swapStatement"/> (or by a <c>try</c> whose block
    /// starts with it) once the statements <paramref name="removed"/> accepts are gone. The analyzer's fixability fact and
    /// the rewrite (with the statements it actually removes) ask the same question.
    /// </summary>
    internal static bool IsAdjacentAfterRemovals(StatementSyntax declaration, StatementSyntax swapStatement, Func<StatementSyntax, bool> removed)
    {
        if (declaration.Parent is not BlockSyntax block
            || swapStatement.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent == block) is not { } outer)
        {
            return false;
        }

        var statements = block.Statements;
        for (var i = statements.IndexOf(declaration) + 1; i < statements.IndexOf(outer); i++)
        {
            if (!removed(statements[i]))
            {
                return false;
            }
        }

        if (outer == swapStatement)
        {
            return true;
        }

        if (outer is not TryStatementSyntax tryStatement || swapStatement.Parent != tryStatement.Block)
        {
            return false;
        }

        foreach (var statement in tryStatement.Block.Statements)
        {
            if (statement == swapStatement)
            {
                return true;
            }

            if (!removed(statement))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Inside the declaration statement of one of the locals the rewrite removes or keeps (<c>var original = Response.Body;</c>).</summary>
    private static bool IsDeclarationOf(IdentifierNameSyntax identifier, params ILocalSymbol?[] locals)
    {
        var statement = identifier.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
        return statement is not null
            && locals.Any(l => l is not null && l.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == statement.SyntaxTree && statement.Span.Contains(r.Span)));
    }

    /// <summary>A use of the wrapper's local the rewrite carries over: a count read, a member the observer keeps, its disposal or a flush.</summary>
    private static bool IsCarriedOver(IdentifierNameSyntax identifier, string[]? countMembers, HashSet<string>? observerMembers)
    {
        if (identifier.Parent is not MemberAccessExpressionSyntax access || access.Expression != identifier)
        {
            return false;
        }

        var name = access.Name.Identifier.ValueText;
        if (countMembers is not null && countMembers.Contains(name))
        {
            return !IsWrittenTo(access);
        }

        return observerMembers is not null && observerMembers.Contains(name) || DisposalOrFlushOf(access) is not null;
    }

    /// <summary>
    /// <c>w.Dispose();</c>, <c>await w.DisposeAsync();</c>, <c>w.Close();</c> or a flush through the wrapper, as its own
    /// statement (the fix removes it: disposing the wrapper would dispose the response body); null otherwise.
    /// </summary>
    internal static ExpressionStatementSyntax? DisposalOrFlushOf(MemberAccessExpressionSyntax access)
        => access.Name.Identifier.ValueText is "Dispose" or "DisposeAsync" or "Close" or "Flush" or "FlushAsync"
            && access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call
            && (call.Parent is ExpressionStatementSyntax || call.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax })
                ? call.FirstAncestorOrSelf<ExpressionStatementSyntax>()
                : null;

    /// <summary><c>response.Body = original;</c> as its own statement (the restore the fix removes), or null.</summary>
    internal static ExpressionStatementSyntax? BodyRestoreOf(IdentifierNameSyntax identifier, SemanticModel model, KnownTypes known, CancellationToken cancellationToken)
        => identifier.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax restore } put
            && put.Right == identifier
            && model.GetOperation(put, cancellationToken) is ISimpleAssignmentOperation putBack
            && OperationFacts.Unwrap(putBack.Target) is IPropertyReferenceOperation target
            && ResponseBodySwap.IsBodyProperty(target.Property, known)
                ? restore
                : null;

    /// <summary><c>features.Set(previous)</c> or <c>features.Set&lt;IHttpResponseBodyFeature&gt;(previous)</c> as its own statement (the restore the fix removes), or null.</summary>
    internal static ExpressionStatementSyntax? FeatureRestoreOf(IdentifierNameSyntax identifier, SemanticModel model, KnownTypes known, CancellationToken cancellationToken)
    {
        var argument = identifier.Parent is PostfixUnaryExpressionSyntax suppressed ? suppressed.Parent : identifier.Parent;
        return argument is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax restore } call } }
            && model.GetOperation(call, cancellationToken) is IInvocationOperation { Arguments.Length: 1 } invocation
            && ResponseBodySwap.IsBodyFeatureCall(invocation, known, "Set")
                ? restore
                : null;
    }

    /// <summary>The member access is assigned, incremented or passed by reference: not a read of the count.</summary>
    internal static bool IsWrittenTo(ExpressionSyntax access)
        => access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access
            || access.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax
            || access.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not 0 };

    /// <summary>
    /// A hand-written feature whose stream observes: the observer shape of the stream class it builds (see
    /// <see cref="FeatureStreamCreation"/>); null otherwise.
    /// </summary>
    internal static StreamObserverShape? FeatureObserverShape(INamedTypeSymbol featureType, SemanticModel model, CancellationToken cancellationToken)
        => FeatureStreamCreation(featureType, model, cancellationToken) is { Constructor: { } constructor, Type: INamedTypeSymbol streamType }
            ? StreamObserverShape.TryRead(streamType, constructor, model, cancellationToken)
            : null;

    /// <summary>
    /// The one creation of a source <c>Stream</c> class in a hand-written feature declared in the same file, when it takes
    /// no other argument than the wrapped stream (<c>new S(inner.Stream)</c>): the install site can then create the observer
    /// on its own. Null otherwise. The fixer generates the observer from the same creation.
    /// </summary>
    internal static IObjectCreationOperation? FeatureStreamCreation(INamedTypeSymbol featureType, SemanticModel model, CancellationToken cancellationToken)
    {
        if (featureType.DeclaringSyntaxReferences.Length != 1
            || featureType.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ClassDeclarationSyntax feature
            || feature.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        var stream = KnownTypes.Create(model.Compilation).Stream;
        IObjectCreationOperation? built = null;
        foreach (var node in feature.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
        {
            if (model.GetOperation(node, cancellationToken) is IObjectCreationOperation { Type: INamedTypeSymbol { DeclaringSyntaxReferences.IsEmpty: false } type } creation
                && KnownTypes.InheritsFromOrEquals(type, stream))
            {
                if (built is not null)
                {
                    return null;
                }

                built = creation;
            }
        }

        return built is { Constructor.Parameters.Length: 1, Type: INamedTypeSymbol } ? built : null;
    }
}
