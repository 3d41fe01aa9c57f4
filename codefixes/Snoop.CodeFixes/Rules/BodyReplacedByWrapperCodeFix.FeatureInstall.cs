using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <content>
/// The two install forms the fix rewrites: <c>Response.Body = w</c>, and
/// <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(new StreamResponseBodyFeature(w, previous))</c>, whose previous feature
/// (a local read with <c>Features.Get</c>, put back with <c>Features.Set</c>) goes with the install.
/// </content>
public sealed partial class BodyReplacedByWrapperCodeFix
{
    /// <summary>What the fix needs from the install statement.</summary>
    private sealed class InstallSite
    {
        public InstallSite(ExpressionStatementSyntax statement, IOperation wrapper, string contextText, ILocalSymbol? previousFeature, bool isFeatureWrapper = false)
        {
            IsFeatureWrapper = isFeatureWrapper;
            Statement = statement;
            Wrapper = wrapper;
            ContextText = contextText;
            PreviousFeature = previousFeature;
        }

        /// <summary>The install statement (removed, or replaced by the capture).</summary>
        public ExpressionStatementSyntax Statement { get; }

        /// <summary>The wrapper stream installed: its creation, or a local holding it.</summary>
        public IOperation Wrapper { get; }

        /// <summary>The <c>HttpContext</c> to give the runtime, as source text.</summary>
        public string ContextText { get; }

        /// <summary>The wrapper is a hand-written body feature (its stream observes), not a stream.</summary>
        public bool IsFeatureWrapper { get; }

        /// <summary>Feature form: the local holding the previous feature (its read and its restores go too).</summary>
        public ILocalSymbol? PreviousFeature { get; }
    }

    /// <summary>Reads <paramref name="install"/> as one of the two install forms; null otherwise.</summary>
    private static InstallSite? ReadInstall(SemanticModel model, ExpressionSyntax install, KnownTypes known, CancellationToken cancellationToken)
    {
        if (install.Parent is not ExpressionStatementSyntax statement)
        {
            return null;
        }

        switch (model.GetOperation(install, cancellationToken))
        {
            case ISimpleAssignmentOperation assignment
                when OperationFacts.Unwrap(assignment.Target) is IPropertyReferenceOperation body && ResponseBodySwap.IsBodyProperty(body.Property, known):
                return GetContextText(body.Instance, known) is { } bodyContext ? new InstallSite(statement, assignment.Value, bodyContext, null) : null;

            case IInvocationOperation invocation when invocation.Arguments.Length == 1 && ResponseBodySwap.IsBodyFeatureCall(invocation, known, "Set"):
                // new StreamResponseBodyFeature(w, previous): the stream is the wrapper. A hand-written feature
                // (new F(previous), or a local holding it): the feature is.
                var installed = OperationFacts.Unwrap(invocation.Arguments[0].Value);
                var feature = installed as IObjectCreationOperation;
                if (installed is ILocalReferenceOperation featureLocal && !SymbolEqualityComparer.Default.Equals(featureLocal.Type, known.StreamResponseBodyFeature))
                {
                    feature = OperationFacts.DeclaredValue(featureLocal.Local, model, cancellationToken) as IObjectCreationOperation;
                }

                if (feature is null)
                {
                    return null;
                }

                var isStreamFeature = SymbolEqualityComparer.Default.Equals(feature.Type, known.StreamResponseBodyFeature);
                if (isStreamFeature && installed != feature)
                {
                    return null;
                }

                IOperation? stream = isStreamFeature ? null : installed;
                IOperation? previous = null;
                foreach (var argument in feature.Arguments)
                {
                    if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        continue;
                    }

                    if (isStreamFeature && KnownTypes.InheritsFromOrEquals(parameter.Type, known.Stream))
                    {
                        stream = argument.Value;
                    }
                    else if (SymbolEqualityComparer.Default.Equals(parameter.Type, known.IHttpResponseBodyFeature))
                    {
                        previous = OperationFacts.Unwrap(argument.Value);
                    }
                }

                // The previous feature: a local read from the same features, or the Get right in the call.
                var context = ResponseBodySwap.GetHttpContextOfFeatures(invocation.Instance, known);
                ILocalSymbol? previousLocal = null;
                if (previous is ILocalReferenceOperation local)
                {
                    previousLocal = local.Local;
                }
                else if (!ResponseBodySwap.IsPreviousFeatureRead(previous, known, out var features)
                    || !OperationFacts.SameInstance(ResponseBodySwap.GetHttpContextOfFeatures(features, known), context))
                {
                    return null;
                }

                return stream is not null && context is not null && !context.IsImplicit && IsSimpleReference(context)
                    && KnownTypes.InheritsFromOrEquals(context.Type, known.HttpContext)
                    ? new InstallSite(statement, stream, context.Syntax.ToString(), previousLocal, !isStreamFeature)
                    : null;

            default:
                return null;
        }
    }

    /// <summary>
    /// The previous feature's local is declared by its own statement as a read of the same request's features
    /// (<c>var previous = context.Features.Get&lt;IHttpResponseBodyFeature&gt;()!</c>); that declaration, or null.
    /// </summary>
    private static LocalDeclarationStatementSyntax? PreviousFeatureDeclaration(
        ILocalSymbol previous, SyntaxNode functionBody, SemanticModel model, KnownTypes known, CancellationToken cancellationToken)
        => DeclarationOf(previous, functionBody, cancellationToken) is { Declaration.Variables.Count: 1, UsingKeyword.RawKind: 0 } declaration
            && declaration.Declaration.Variables[0].Initializer?.Value is { } initializer
            && ResponseBodySwap.IsPreviousFeatureRead(model.GetOperation(OperationFacts.WithoutSuppression(initializer), cancellationToken), known, out _)
                ? declaration
                : null;
}
