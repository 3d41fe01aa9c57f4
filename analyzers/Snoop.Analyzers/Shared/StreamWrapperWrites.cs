using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <summary>
/// The one place that decides whether a <c>Stream</c> wrapper observes or transforms the bytes it writes.
/// Observing: the bytes written to the wrapped stream are exactly the bytes received (counting, hashing, a tee).
/// Transforming: the bytes go to an encoder the class created, or are changed or augmented on the way.
/// Per operation block a <see cref="Summary"/> is recorded in <see cref="WrapperFacts"/>; <see cref="Classify"/> reads them back.
/// </summary>
internal static partial class StreamWrapperWrites
{
    /// <summary>Records the write-relevant facts of one operation block of a class deriving from <c>Stream</c>.</summary>
    public static void Summarize(OperationBlockAnalysisContext context, INamedTypeSymbol type, WrapperFacts facts, StreamMembers members)
        => Summarize(context.OwningSymbol, context.OperationBlocks, type, facts, members);

    /// <summary>Records the write-relevant facts of the operation blocks of <paramref name="owningSymbol"/>.</summary>
    public static void Summarize(ISymbol owningSymbol, IEnumerable<IOperation?> operationBlocks, INamedTypeSymbol type, WrapperFacts facts, StreamMembers members)
    {
        if (owningSymbol is not IMethodSymbol owner)
        {
            // Field and property initializers: only encoders created over a constructor parameter matter.
            var initializerSummary = new Summary(null, isWriteEntry: false);
            foreach (var block in operationBlocks)
            {
                Walk(block, initializerSummary, type, members, owner: null);
            }

            if (initializerSummary.Encoders.Count > 0)
            {
                facts.RecordSummary(owningSymbol, initializerSummary);
            }

            return;
        }

        var summary = new Summary(owner, IsWriteEntry(owner, members));
        foreach (var block in operationBlocks)
        {
            if (owner.MethodKind == MethodKind.PropertyGet && TryGetReturnedMember(block, type) is { } returned)
            {
                summary.Returns = returned;
                continue;
            }

            Walk(block, summary, type, members, owner);
        }

        facts.RecordSummary(owner, summary);
    }

    /// <summary>Decides what the class does with written bytes, from the summaries recorded for it.</summary>
    public static StreamWrapperModel Classify(INamedTypeSymbol type, WrapperFacts facts)
    {
        var summaries = facts.GetSummaries<Summary>();
        var encoders = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var pair in summaries)
        {
            foreach (var encoder in pair.Value.Encoders)
            {
                encoders.Add(encoder.OriginalDefinition);
            }
        }

        var writeEntries = 0;
        var reachesInner = false;
        var buffers = false;
        var transforms = false;
        var everyEntryForwards = true;
        var otherEffects = false;
        var counters = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var wrappedWritten = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var pair in summaries)
        {
            var summary = pair.Value;
            if (summary.IsWriteEntry)
            {
                writeEntries++;
            }

            var forwards = summary.CallsOwnWrite;
            foreach (var write in summary.StreamWrites)
            {
                if (facts.IsWrapped(write.Receiver))
                {
                    // Only a write path that reaches the stream makes a wrapper; a class that keeps the bytes and writes them
                    // out later (on flush or dispose) buffers.
                    reachesInner |= summary.IsWriteEntry;
                    if (summary.IsWriteEntry)
                    {
                        wrappedWritten.Add(write.Receiver.OriginalDefinition);
                    }

                    if (!summary.IsWriteEntry || !write.Unchanged)
                    {
                        transforms = true;
                    }

                    forwards = true;
                }
                else if (encoders.Contains(write.Receiver.OriginalDefinition))
                {
                    reachesInner |= summary.IsWriteEntry;
                    transforms = true;
                }
                else if (write.IntoBuffer)
                {
                    buffers |= summary.IsWriteEntry;
                }
                else
                {
                    // A tee into another stream: observation.
                    otherEffects |= summary.IsWriteEntry;
                }
            }

            if (!summary.IsWriteEntry)
            {
                continue;
            }

            everyEntryForwards &= forwards;
            transforms |= summary.ChangesBytes;
            otherEffects |= summary.OtherEffects;
            foreach (var counter in summary.Counters)
            {
                counters.Add(counter.OriginalDefinition);
            }
        }

        if (buffers)
        {
            // Written into a buffer (and copied on later, if at all): SNOOP001's shape, not this one.
            return new StreamWrapperModel(WrapperWriteKind.Buffers, ImmutableArray<string>.Empty);
        }

        if (writeEntries == 0 || !reachesInner)
        {
            return StreamWrapperModel.NotAWrapper;
        }

        if (transforms || !everyEntryForwards)
        {
            return new StreamWrapperModel(WrapperWriteKind.Transforms, ImmutableArray<string>.Empty);
        }

        // Writes to two streams given from outside: one of them is a tee (a log, a copy), an observation.
        if (otherEffects || counters.Count != 1 || wrappedWritten.Count > 1)
        {
            return new StreamWrapperModel(WrapperWriteKind.Observes, ImmutableArray<string>.Empty);
        }

        // Counting only when nothing but a getter reads the counter (a wrapper reporting its count itself observes).
        ISymbol? counterSymbol = null;
        foreach (var counter in counters)
        {
            counterSymbol = counter;
        }

        var countMembers = ImmutableArray.CreateBuilder<string>();
        if (counterSymbol is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, Type.SpecialType: SpecialType.System_Int64 }
            || counterSymbol is IFieldSymbol { DeclaredAccessibility: Accessibility.Public, Type.SpecialType: SpecialType.System_Int64 })
        {
            countMembers.Add(counterSymbol.Name);
        }

        foreach (var pair in summaries)
        {
            var summary = pair.Value;
            if (summary.Returns is { } returned && SymbolEqualityComparer.Default.Equals(returned.OriginalDefinition, counterSymbol))
            {
                if (summary.Owner?.AssociatedSymbol is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, Type.SpecialType: SpecialType.System_Int64 } property)
                {
                    countMembers.Add(property.Name);
                }

                continue;
            }

            if (!summary.IsWriteEntry && summary.Reads.Contains(counterSymbol!))
            {
                return new StreamWrapperModel(WrapperWriteKind.Observes, ImmutableArray<string>.Empty);
            }
        }

        return new StreamWrapperModel(WrapperWriteKind.CountsOnly, countMembers.ToImmutable());
    }
}
