using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>SNOOP002: the response body (or body feature) is replaced and the original is not put back in a finally block.</summary>
public sealed class BodyNotRestoredRule : SnoopRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.SNOOP002_NeverRestored,
        Descriptors.SNOOP002_RestoredOnSuccessOnly,
        Descriptors.SNOOP002_RestoredInCatchOnly,
        Descriptors.SNOOP002_PreviousFeatureNotKept,
        Descriptors.SNOOP002_FilterRestoredOnSuccessOnly);

    /// <inheritdoc/>
    internal override void Start(RuleStartContext start)
    {
        var types = KnownTypes.Create(start.Compilation);
        if (types.HttpResponse is null || types.HttpContext is null || types.Stream is null)
        {
            return;
        }

        start.RegisterAssignmentAction(
            c =>
            {
                var assignment = (ISimpleAssignmentOperation)c.Operation;
                if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Body" })
                {
                    return;
                }

                if (FilterBodySwap.From(assignment, types) is { } filterSwap)
                {
                    AnalyzeFilter(c, filterSwap, types);
                }
                else if (ResponseBodySwap.FromAssignment(assignment, types) is { } swap)
                {
                    Analyze(c, swap, types);
                }
            },
            "Body",
            ResponseBodySwap.ResponseBodyStoreFilter(types));

        if (types.IFeatureCollection is not null && types.IHttpResponseBodyFeature is not null)
        {
            start.RegisterInvocationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (invocation.TargetMethod.Name != "Set")
                    {
                        return;
                    }

                    if (ResponseBodySwap.FromFeatureSet(invocation, types) is { } swap)
                    {
                        Analyze(c, swap, types);
                    }
                    else if (UnkeptFeatureSwap.From(invocation, types) is { } unkept)
                    {
                        AnalyzeUnkept(c, unkept, types);
                    }
                },
                "Set");
        }
    }

    private static void Analyze(OperationAnalysisContext context, ResponseBodySwap swap, KnownTypes types)
    {
        var kind = swap.ClassifyRestore(types, out var restore);
        if (Choose(kind, restore, swap.Scope, swap.Swap, () => swap.FindRestores(types)) is not { } descriptor)
        {
            return;
        }

        var region = RestoreRegion.Find(swap, kind, restore, types);
        var blocker = swap.ReturnsTaskWithoutAwaiting(types) ? RestoreFixBlocker.TaskNotAwaited : RestoreFixBlocker.NoSafeRegion;
        Report(context, descriptor, swap.Swap, kind, region is null ? blocker : null, swap.Original.Name);
    }

    private static void AnalyzeUnkept(OperationAnalysisContext context, UnkeptFeatureSwap swap, KnownTypes types)
    {
        var kind = swap.ClassifyRestore(types, out var restore);
        var descriptor = kind == RestoreKind.Never
            ? Descriptors.SNOOP002_PreviousFeatureNotKept
            : Choose(kind, restore, swap.Scope, swap.Swap, () => swap.FindRestores(types));
        if (descriptor is null)
        {
            return;
        }

        var region = RestoreRegion.Find(swap, kind, restore, types);
        var blocker = ResponseBodySwap.ReturnsTaskWithoutAwaiting(swap.Swap, types) ? RestoreFixBlocker.TaskNotAwaited : RestoreFixBlocker.NoSafeRegion;
        Report(context, descriptor, swap.Swap, kind, region is null ? blocker : null, UnkeptFeatureSwap.DescribeRestored(restore));
    }

    private static void AnalyzeFilter(OperationAnalysisContext context, FilterBodySwap swap, KnownTypes types)
    {
        var kind = swap.ClassifyRestore(types);
        var descriptor = kind switch
        {
            RestoreKind.Never => Descriptors.SNOOP002_NeverRestored,
            RestoreKind.SuccessPathOnly => Descriptors.SNOOP002_FilterRestoredOnSuccessOnly,
            _ => null,
        };
        if (descriptor is not null)
        {
            Report(context, descriptor, swap.Swap, kind, RestoreFixBlocker.FilterMethods, swap.Holder.Name);
        }
    }

    /// <summary>The message for a restore found in the function, or null when every path is covered.</summary>
    private static DiagnosticDescriptor? Choose(RestoreKind kind, IOperation? restore, IOperation scope, IOperation swap, Func<List<IOperation>> restores) => kind switch
    {
        RestoreKind.Never => Descriptors.SNOOP002_NeverRestored,
        RestoreKind.SuccessPathOnly when restore is not null && (CanThrowBetween(scope, swap, restore) || RestorePaths.HasUnrestoredExit(scope, swap.Syntax, restore, restores())) => Descriptors.SNOOP002_RestoredOnSuccessOnly,

        // Restored on success and in a catch, but an early return (or a catch that does not restore, or catches too little) slips out.
        RestoreKind.SuccessAndCatch when restore is not null && !CoversEveryPath(scope, swap, restore, restores()) => Descriptors.SNOOP002_RestoredOnSuccessOnly,
        RestoreKind.CatchOnly => Descriptors.SNOOP002_RestoredInCatchOnly,
        _ => null,
    };

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IOperation swap, RestoreKind kind, RestoreFixBlocker? blocker, string original)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.RestoreKey, kind.ToString());
        properties = blocker is { } reason
            ? properties.Add(DiagnosticProperties.NotFixableKey, reason.ToString())
            : properties.Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True);
        context.ReportDiagnostic(Diagnostic.Create(descriptor, swap.Syntax.GetLocation(), properties, original));
    }

    /// <summary>Success restore plus catch restore: every path, when the catch catches everything and no return slips out.</summary>
    private static bool CoversEveryPath(IOperation scope, IOperation swap, IOperation successRestore, List<IOperation> restores)
    {
        IOperation? catchRestore = null;
        foreach (var op in restores)
        {
            if (op.Syntax.SpanStart > swap.Syntax.SpanStart && FunctionScope.IsInCatch(op.Syntax, scope.Syntax))
            {
                catchRestore = op;
                break;
            }
        }

        return catchRestore is not null
            && RestorePaths.CatchCoversEveryException(catchRestore, restores)
            && !RestorePaths.HasUnrestoredExit(scope, swap.Syntax, successRestore, restores);
    }

    /// <summary>True when a call or an await sits between the swap and the restore (something that can throw).</summary>
    private static bool CanThrowBetween(IOperation scope, IOperation swap, IOperation restore)
    {
        var start = swap.Syntax.Span.End;
        var end = restore.Syntax.SpanStart;
        foreach (var op in FunctionScope.EnumerateOwn(scope))
        {
            var position = op.Syntax.SpanStart;
            if (position >= start && position < end && op is IInvocationOperation or IAwaitOperation or IObjectCreationOperation or IThrowOperation)
            {
                return true;
            }
        }

        return false;
    }
}
