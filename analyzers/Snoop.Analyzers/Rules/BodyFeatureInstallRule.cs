using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP004 at the install site: <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(new X(...))</c> where <c>X</c> can take
/// the previous feature but was given none (or <c>null</c>). The wrapper types themselves are
/// <see cref="BodyFeatureWrapperRule"/>'s part of the rule.
/// </summary>
public sealed class BodyFeatureInstallRule : SnoopRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SNOOP004_InstalledWithoutPrevious, Descriptors.SNOOP004_InstalledWithoutPrevious_NoFix);

    /// <inheritdoc/>
    internal override void Start(RuleStartContext start)
    {
        var known = KnownTypes.Create(start.Compilation);
        if (known.IHttpResponseBodyFeature is { } feature && known.IFeatureCollection is not null)
        {
            start.RegisterInvocationAction(c => AnalyzeInvocation(c, known, feature), "Set");
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes known, INamedTypeSymbol feature)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!ResponseBodySwap.IsBodyFeatureCall(invocation, known, "Set") || invocation.Arguments.Length != 1 || invocation.SemanticModel is null)
        {
            return;
        }

        // new X(...) right in the call, or a local initialized with one in the same function (then reported on the local
        // in the call: the install, and a diagnostic local to the analyzed operation).
        var argument = OperationFacts.Unwrap(invocation.Arguments[0].Value);
        var throughLocal = false;
        if (argument is ILocalReferenceOperation local && InitializerOf(local) is { } initializer)
        {
            argument = OperationFacts.Unwrap(initializer);
            throughLocal = true;
        }

        if (argument is not IObjectCreationOperation creation
            || creation.Constructor is not { } constructor
            || creation.Type is not INamedTypeSymbol createdType
            || !SymbolFacts.Implements(createdType, feature))
        {
            return;
        }

        // Given a previous feature? A parameter of the feature type with a non-null argument means yes.
        var nullPrior = false;
        foreach (var creationArgument in creation.Arguments)
        {
            if (creationArgument.Parameter is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, feature))
            {
                if (!OperationFacts.IsNullValue(creationArgument.Value))
                {
                    return;
                }

                nullPrior = true;
            }
        }

        // Only a type that can take the previous feature is a wrapper that was not given one.
        if (!nullPrior && !HasConstructorTakingFeature(createdType, feature))
        {
            return;
        }

        // A collection setting up its own features (this.Set) or one created right here (or a DefaultHttpContext's: test
        // set-up) has no server feature to keep.
        if (invocation.Instance is null || OperationFacts.Unwrap(invocation.Instance) is IInstanceReferenceOperation || IsFreshlyCreated(invocation.Instance, known))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.KindKey, DiagnosticProperties.KindSet);
        string? notFixable = nullPrior ? DiagnosticProperties.NotFixablePreviousIsNull
            : !HasConstructorWithTrailingFeature(createdType, constructor, feature) ? DiagnosticProperties.NotFixableNoConstructorWithPrevious
            : throughLocal ? DiagnosticProperties.NotFixableCreatedBeforeInstall
            : null;
        properties = notFixable is null
            ? properties.Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True)
            : properties.Add(DiagnosticProperties.NotFixableKey, notFixable);
        var descriptor = notFixable is null ? Descriptors.SNOOP004_InstalledWithoutPrevious : Descriptors.SNOOP004_InstalledWithoutPrevious_NoFix;
        var location = throughLocal ? invocation.Arguments[0].Value.Syntax.GetLocation() : creation.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, createdType.Name));
    }

    /// <summary>The initializer of a local declared in the same tree (<c>var feature = new X(...);</c>), or null.</summary>
    private static IOperation? InitializerOf(ILocalReferenceOperation local)
    {
        var model = local.SemanticModel;
        if (model is null || local.Local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var reference = local.Local.DeclaringSyntaxReferences[0];
        return reference.SyntaxTree == model.SyntaxTree && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value }
            ? model.GetOperation(value)
            : null;
    }

    private static bool HasConstructorTakingFeature(INamedTypeSymbol type, INamedTypeSymbol feature)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, feature))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A constructor with the same parameters as <paramref name="used"/> plus a trailing feature parameter that accepts
    /// null (what the fix calls, passing <c>Features.Get&lt;IHttpResponseBodyFeature&gt;()</c>).
    /// </summary>
    private static bool HasConstructorWithTrailingFeature(INamedTypeSymbol type, IMethodSymbol used, INamedTypeSymbol feature)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Length != used.Parameters.Length + 1)
            {
                continue;
            }

            var last = constructor.Parameters[constructor.Parameters.Length - 1];
            if (!SymbolEqualityComparer.Default.Equals(last.Type, feature) || last.NullableAnnotation == NullableAnnotation.NotAnnotated)
            {
                continue;
            }

            var same = true;
            for (var i = 0; i < used.Parameters.Length; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(constructor.Parameters[i].Type, used.Parameters[i].Type))
                {
                    same = false;
                    break;
                }
            }

            if (same)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Test set-up: the feature collection (or the context owning it) was created right here, or the context is typed
    /// <c>DefaultHttpContext</c> (what tests build; a server hands middleware an <c>HttpContext</c>), so there is no
    /// server feature to keep.
    /// </summary>
    private static bool IsFreshlyCreated(IOperation? instance, KnownTypes known)
    {
        var current = OperationFacts.Unwrap(instance);
        if (current is IPropertyReferenceOperation { Property.Name: "Features" } features)
        {
            current = OperationFacts.Unwrap(features.Instance);
            if (current is not null && known.DefaultHttpContext is not null && KnownTypes.InheritsFromOrEquals(current.Type, known.DefaultHttpContext))
            {
                return true;
            }
        }

        if (current is IObjectCreationOperation)
        {
            return true;
        }

        return current is ILocalReferenceOperation local && SymbolFacts.DeclaredInitializer(local.Local) is BaseObjectCreationExpressionSyntax;
    }
}
