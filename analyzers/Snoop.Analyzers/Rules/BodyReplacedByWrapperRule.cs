using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP007: <c>Response.Body = new W(originalBody)</c> or
/// <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(new StreamResponseBodyFeature(new W(originalBody)))</c>, with <c>W</c> a
/// <c>Stream</c> wrapper declared in source that does not buffer. The verdict on <c>W</c> (observes, counts only, transforms)
/// comes from <see cref="StreamWrapperWrites"/>, computed once per class by <see cref="StreamWrapperModels"/>.
/// </summary>
public sealed class BodyReplacedByWrapperRule : SnoopRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SNOOP007_ObservingWrapper, Descriptors.SNOOP007_TransformingWrapper, Descriptors.SNOOP007_ObservingFeature, Descriptors.SNOOP007_ObservingFeatureAndWriter);

    /// <inheritdoc/>
    internal override void Start(RuleStartContext context)
    {
        var known = KnownTypes.Create(context.Compilation);
        var members = StreamMembers.Create(known);
        if (members is null || known.HttpResponse is null)
        {
            return;
        }

        var models = new StreamWrapperModels(context.Compilation, members);
        context.RegisterAssignmentAction(c => AnalyzeAssignment(c, known, members, models), "Body", ResponseBodySwap.ResponseBodyStoreFilter(known));
        if (known.IHttpResponseBodyFeature is not null && known.IFeatureCollection is not null && known.StreamResponseBodyFeature is not null)
        {
            var featureModels = BodyFeatureMembers.Create(known) is { } featureMembers
                ? new BodyFeatureWrapperModels(context.Compilation, known, featureMembers, models, known.PipeWriter is { } pipeWriter ? new PipeWriterWrapperModels(context.Compilation, pipeWriter) : null)
                : null;
            context.RegisterInvocationAction(c => AnalyzeFeatureSet(c, known, members, models, featureModels), "Set");
        }
    }

    private static void Report(OperationAnalysisContext context, KnownTypes known, INamedTypeSymbol wrapper, StreamWrapperModels models, string install, IOperation installed, IOperation? previous)
    {
        var model = models.Get(wrapper, context.Operation.SemanticModel!, context.CancellationToken);
        string kind;
        DiagnosticDescriptor descriptor;
        switch (model.Kind)
        {
            case WrapperWriteKind.CountsOnly:
                kind = DiagnosticProperties.KindCounts;
                descriptor = Descriptors.SNOOP007_ObservingWrapper;
                break;
            case WrapperWriteKind.Observes:
                kind = DiagnosticProperties.KindObserves;
                descriptor = Descriptors.SNOOP007_ObservingWrapper;
                break;
            case WrapperWriteKind.Transforms:
                kind = DiagnosticProperties.KindTransforms;
                descriptor = Descriptors.SNOOP007_TransformingWrapper;
                break;
            default:
                // Not a write wrapper, or a buffering one (SNOOP001's shape).
                return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticProperties.KindKey, kind)
            .Add(DiagnosticProperties.InstallKey, install)
            .Add(DiagnosticProperties.MembersKey, string.Join(",", model.CountMembers));
        if (model.Kind != WrapperWriteKind.Transforms
            && BodyReplacedByWrapperFixability.NotFixableReason(context.Operation, installed, previous, featureWrapper: false, CountMembersOf(kind, model.CountMembers), known, context.CancellationToken) is { } reason)
        {
            properties = properties.Add(DiagnosticProperties.NotFixableKey, reason);
        }

        context.ReportDiagnostic(Diagnostic.Create(descriptor, context.Operation.Syntax.GetLocation(), properties, wrapper.Name));
    }

    /// <summary>The count members the fix reads through <c>BytesWritten</c>; null for an observing wrapper (the fix generates an observer).</summary>
    private static string[]? CountMembersOf(string kind, IEnumerable<string> members)
        => kind == DiagnosticProperties.KindObserves ? null : members.ToArray();

    /// <summary><c>response.Body = new W(originalBody)</c> (or a local holding it).</summary>
    private static void AnalyzeAssignment(OperationAnalysisContext context, KnownTypes known, StreamMembers members, StreamWrapperModels models)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (OperationFacts.Unwrap(assignment.Target) is not IPropertyReferenceOperation body
            || !ResponseBodySwap.IsBodyProperty(body.Property, known)
            || IsTestContext(ResponseBodySwap.GetHttpContextOfResponse(body.Instance, known), known))
        {
            return;
        }

        if (context.Operation.SemanticModel is not null && GetWrapperOverOriginal(assignment.Value, known, members) is { } wrapper)
        {
            Report(context, known, wrapper, models, DiagnosticProperties.InstallBody, assignment.Value, previous: null);
        }
    }

    /// <summary><c>features.Set&lt;IHttpResponseBodyFeature&gt;(new StreamResponseBodyFeature(new W(originalBody)))</c>.</summary>
    private static void AnalyzeFeatureSet(OperationAnalysisContext context, KnownTypes known, StreamMembers members, StreamWrapperModels models, BodyFeatureWrapperModels? featureModels)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "Set" || method.TypeArguments.Length != 1 || invocation.Arguments.Length != 1
            || !SymbolEqualityComparer.Default.Equals(method.TypeArguments[0], known.IHttpResponseBodyFeature)
            || !SymbolFacts.IsOrImplements(method.ContainingType, known.IFeatureCollection)
            || invocation.Instance is null
            || OperationFacts.Unwrap(invocation.Instance) is IInstanceReferenceOperation or IObjectCreationOperation
            || IsTestContext(ResponseBodySwap.GetHttpContextOfFeatures(invocation.Instance, known), known))
        {
            return;
        }

        if (featureModels is not null && context.Operation.SemanticModel is { } semanticModel
            && GetObservingFeature(invocation, known, out var previousFeature) is { } handWritten)
        {
            ReportFeature(context, known, handWritten, featureModels.Get(handWritten, semanticModel, context.CancellationToken), invocation.Arguments[0].Value, previousFeature);
            return;
        }

        if (OperationFacts.Unwrap(invocation.Arguments[0].Value) is not IObjectCreationOperation { Arguments.Length: > 0 } feature
            || !SymbolEqualityComparer.Default.Equals(feature.Type, known.StreamResponseBodyFeature)
            || !IsGivenPreviousFeature(feature, known))
        {
            // Without the previous feature (new StreamResponseBodyFeature(wrapper), or null) SNOOP004 reports the call:
            // everything this rule says is lost, and DisableBuffering and the server's completion with it. Once the
            // previous feature is passed (SNOOP004's fix), this rule reports the stream-backed install.
            return;
        }

        if (context.Operation.SemanticModel is not null && GetWrapperOverOriginal(feature.Arguments[0].Value, known, members) is { } wrapper)
        {
            Report(context, known, wrapper, models, DiagnosticProperties.InstallFeature, feature.Arguments[0].Value, PreviousArgument(feature, known));
        }
    }

    /// <summary>
    /// <c>features.Set&lt;IHttpResponseBodyFeature&gt;(new F(previous))</c> (or a local holding it) with <c>F</c> a body-feature class
    /// declared in the project and <c>previous</c> the same request's current feature: <c>F</c>, else null. Whether <c>F</c>
    /// only observes is <see cref="BodyFeatureWrapperModels"/>' verdict.
    /// </summary>
    private static INamedTypeSymbol? GetObservingFeature(IInvocationOperation invocation, KnownTypes known, out IOperation? previousFeature)
    {
        previousFeature = null;
        var installed = OperationFacts.Unwrap(invocation.Arguments[0].Value);
        if (installed is ILocalReferenceOperation local)
        {
            installed = OperationFacts.Unwrap(OperationFacts.DeclaredValue(local.Local, local.SemanticModel));
        }

        if (installed is not IObjectCreationOperation { Type: INamedTypeSymbol { TypeKind: TypeKind.Class } feature } creation
            || SymbolEqualityComparer.Default.Equals(feature, known.StreamResponseBodyFeature)
            || feature.DeclaringSyntaxReferences.IsEmpty
            || !SymbolFacts.Implements(feature, known.IHttpResponseBodyFeature))
        {
            return null;
        }

        var context = ResponseBodySwap.GetHttpContextOfFeatures(invocation.Instance, known);
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !SymbolEqualityComparer.Default.Equals(parameter.Type, known.IHttpResponseBodyFeature))
            {
                continue;
            }

            previousFeature = argument.Value;
            var previous = OperationFacts.Unwrap(argument.Value);
            if (previous is ILocalReferenceOperation previousLocal)
            {
                previous = OperationFacts.Unwrap(OperationFacts.DeclaredValue(previousLocal.Local, previousLocal.SemanticModel));
            }

            return ResponseBodySwap.IsPreviousFeatureRead(previous, known, out var features)
                && OperationFacts.SameInstance(ResponseBodySwap.GetHttpContextOfFeatures(features, known), context)
                    ? feature
                    : null;
        }

        return null;
    }

    private static void ReportFeature(OperationAnalysisContext context, KnownTypes known, INamedTypeSymbol feature, BodyFeatureWrapperModel model, IOperation installed, IOperation? previous)
    {
        var kind = model.Kind switch
        {
            WrapperWriteKind.CountsOnly => DiagnosticProperties.KindCounts,
            WrapperWriteKind.Observes => DiagnosticProperties.KindObserves,
            _ => null,
        };
        if (kind is null || model.Stream is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticProperties.KindKey, kind)
            .Add(DiagnosticProperties.InstallKey, DiagnosticProperties.InstallFeatureWrapper)
            .Add(DiagnosticProperties.MembersKey, string.Join(",", model.CountMembers));
        if (!model.Fixable)
        {
            properties = properties.Add(DiagnosticProperties.NotFixableKey, DiagnosticProperties.NotFixableWriterObserves);
        }
        else if (BodyReplacedByWrapperFixability.NotFixableReason(context.Operation, installed, previous, featureWrapper: true, CountMembersOf(kind, model.CountMembers), known, context.CancellationToken) is { } reason)
        {
            properties = properties.Add(DiagnosticProperties.NotFixableKey, reason);
        }

        var diagnostic = model.Writer is null
            ? Diagnostic.Create(Descriptors.SNOOP007_ObservingFeature, context.Operation.Syntax.GetLocation(), properties, feature.Name, model.Stream.Name)
            : Diagnostic.Create(Descriptors.SNOOP007_ObservingFeatureAndWriter, context.Operation.Syntax.GetLocation(), properties, feature.Name, model.Stream.Name, model.Writer.Name);
        context.ReportDiagnostic(diagnostic);
    }

    /// <summary>The previous feature given to <c>new StreamResponseBodyFeature(stream, previous)</c>.</summary>
    private static IOperation? PreviousArgument(IObjectCreationOperation feature, KnownTypes known)
        => feature.Arguments.FirstOrDefault(a => a.Parameter is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, known.IHttpResponseBodyFeature))?.Value;

    /// <summary><c>new StreamResponseBodyFeature(stream, previous)</c> with a previous feature that is not <c>null</c>.</summary>
    private static bool IsGivenPreviousFeature(IObjectCreationOperation feature, KnownTypes known)
    {
        foreach (var argument in feature.Arguments)
        {
            if (argument.Parameter is { } parameter
                && SymbolEqualityComparer.Default.Equals(parameter.Type, known.IHttpResponseBodyFeature)
                && argument.ArgumentKind != ArgumentKind.DefaultValue
                && !OperationFacts.IsNullValue(argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The source <c>Stream</c> class <c>W</c> when <paramref name="value"/> is <c>new W(..., originalBody, ...)</c>, directly or through a local.</summary>
    private static INamedTypeSymbol? GetWrapperOverOriginal(IOperation? value, KnownTypes known, StreamMembers members)
    {
        var creation = OperationFacts.Unwrap(value) switch
        {
            IObjectCreationOperation created => created,
            ILocalReferenceOperation local => OperationFacts.Unwrap(OperationFacts.DeclaredValue(local.Local, local.SemanticModel)) as IObjectCreationOperation,
            _ => null,
        };
        if (creation?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } wrapper
            || !wrapper.Locations.IsEmpty && !wrapper.Locations[0].IsInSource
            || !KnownTypes.InheritsFromOrEquals(wrapper.BaseType, members.Stream)
            || KnownTypes.InheritsFromOrEquals(wrapper, members.MemoryStream))
        {
            return null;
        }

        foreach (var argument in creation.Arguments)
        {
            if (IsOriginalBody(argument.Value, known))
            {
                return wrapper;
            }
        }

        return null;
    }

    /// <summary><c>response.Body</c>, <c>feature.Stream</c>, or a local initialized from one of them.</summary>
    private static bool IsOriginalBody(IOperation? value, KnownTypes known)
    {
        var current = OperationFacts.Unwrap(value);
        if (current is ILocalReferenceOperation local)
        {
            current = OperationFacts.Unwrap(OperationFacts.DeclaredValue(local.Local, local.SemanticModel));
        }

        return ResponseBodySwap.IsBodyRead(current, known)
            || current is IPropertyReferenceOperation { Property.Name: "Stream" } stream
                && SymbolFacts.IsOrImplements(stream.Property.ContainingType, known.IHttpResponseBodyFeature);
    }

    /// <summary>A <c>DefaultHttpContext</c> the code built itself (test set-up): there is no server feature to lose.</summary>
    private static bool IsTestContext(IOperation? context, KnownTypes known)
    {
        var current = OperationFacts.Unwrap(context);
        if (current is null || KnownTypes.InheritsFromOrEquals(current.Type, known.DefaultHttpContext))
        {
            return current is not null;
        }

        return current is ILocalReferenceOperation local
            && OperationFacts.Unwrap(OperationFacts.DeclaredValue(local.Local, local.SemanticModel)) is IObjectCreationOperation creation
            && KnownTypes.InheritsFromOrEquals(creation.Type, known.DefaultHttpContext);
    }
}
