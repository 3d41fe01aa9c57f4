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
/// <see cref="BodyFeatureWrapperAnalyzer"/>'s part of the rule.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BodyFeatureInstallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SNOOP004_InstalledWithoutPrevious);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownTypes.Create(start.Compilation);
            if (known.IHttpResponseBodyFeature is { } feature && known.IFeatureCollection is not null)
            {
                start.RegisterOperationAction(c => AnalyzeInvocation(c, known, feature), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes known, INamedTypeSymbol feature)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.Arguments.Length != 1 || !ResponseBodySwap.IsBodyFeatureCall(invocation, known, "Set"))
        {
            return;
        }

        if (OperationFacts.Unwrap(invocation.Arguments[0].Value) is not IObjectCreationOperation creation
            || creation.Constructor is not { } constructor
            || creation.Type is not INamedTypeSymbol createdType
            || !SymbolFacts.Implements(createdType, feature))
        {
            return;
        }

        // Given a previous feature? A parameter of the feature type with a non-null argument means yes.
        var nullPrior = false;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, feature))
            {
                if (!OperationFacts.IsNullValue(argument.Value))
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

        // A collection setting up its own features (this.Set) or one created right here has no server feature to keep.
        if (invocation.Instance is null || OperationFacts.Unwrap(invocation.Instance) is IInstanceReferenceOperation || IsFreshlyCreated(invocation.Instance))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.KindKey, DiagnosticProperties.KindSet);
        if (!nullPrior && HasConstructorWithTrailingFeature(createdType, constructor, feature))
        {
            properties = properties.Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SNOOP004_InstalledWithoutPrevious, creation.Syntax.GetLocation(), properties, createdType.Name));
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

    /// <summary>Test set-up: the feature collection (or the context owning it) was created right here, so it has no server feature to keep.</summary>
    private static bool IsFreshlyCreated(IOperation? instance)
    {
        var current = OperationFacts.Unwrap(instance);
        if (current is IPropertyReferenceOperation { Property.Name: "Features" } features)
        {
            current = OperationFacts.Unwrap(features.Instance);
        }

        if (current is IObjectCreationOperation)
        {
            return true;
        }

        return current is ILocalReferenceOperation local && SymbolFacts.DeclaredInitializer(local.Local) is BaseObjectCreationExpressionSyntax;
    }
}
