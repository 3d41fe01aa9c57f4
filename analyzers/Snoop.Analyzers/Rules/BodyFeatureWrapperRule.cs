using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP004 on the wrapper types: an <c>IHttpResponseBodyFeature</c> implementation that holds the previous feature
/// but does not forward <c>DisableBuffering</c>, <c>StartAsync</c>, <c>SendFileAsync</c>, <c>CompleteAsync</c> or the
/// server's <c>Writer</c>. The install sites (<c>Features.Set</c>) are <see cref="BodyFeatureInstallRule"/>'s part.
/// </summary>
/// <remarks>
/// Each operation block of a wrapper is summarized on its own (<see cref="BodyFeatureWrapperBlock"/>) and recorded in the
/// type's <see cref="WrapperFacts"/>; the symbol-end action combines the summaries and reports.
/// </remarks>
public sealed class BodyFeatureWrapperRule : SnoopRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.SNOOP004_MemberThrows,
        Descriptors.SNOOP004_DisableBufferingThrows,
        Descriptors.SNOOP004_DisableBufferingIgnored,
        Descriptors.SNOOP004_StartIgnored,
        Descriptors.SNOOP004_SendFileIgnored,
        Descriptors.SNOOP004_SendFileCopied,
        Descriptors.SNOOP004_CompleteIgnored,
        Descriptors.SNOOP004_StartOnlyFlushes,
        Descriptors.SNOOP004_CompleteOnlyOwnWork,
        Descriptors.SNOOP004_WriterThrows,
        Descriptors.SNOOP004_WriterOverStream);

    /// <inheritdoc/>
    internal override void Start(RuleStartContext context)
    {
        var known = KnownTypes.Create(context.Compilation);
        if (known.PipeWriter is null || known.Stream is null || BodyFeatureMembers.Create(known) is not { } members)
        {
            return;
        }

        // SNOOP007's judgement of Stream wrappers (observes or transforms), shared rather than written twice.
        var streamMembers = StreamMembers.Create(known);
        var models = streamMembers is null ? null : new StreamWrapperModels(context.Compilation, streamMembers);
        var implementsFeature = new ImplementationCheck(members.Feature);
        context.RegisterSymbolStartAction(c => OnNamedTypeStart(c, known, members, implementsFeature, models), SymbolKind.NamedType);
    }

    private static void OnNamedTypeStart(SymbolStartAnalysisContext context, KnownTypes known, BodyFeatureMembers members, ImplementationCheck implementsFeature, StreamWrapperModels? models)
    {
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type
            || type.Name.Length == 0
            || !implementsFeature.IsImplementedBy(type))
        {
            return;
        }

        var holders = WrapperHolders.Find(type, members.Feature, context.CancellationToken);
        if (holders.Count == 0)
        {
            return;
        }

        var wrapper = new Wrapper(known, members, type, holders);
        var facts = new WrapperFacts(type, members.Feature, harmlessInnerType: null);
        var semanticModel = new SemanticModelHolder();
        context.RegisterOperationBlockAction(c =>
        {
            if (SymbolEqualityComparer.Default.Equals(c.OwningSymbol.ContainingType, type)
                && BodyFeatureWrapperBlock.Summarize(wrapper, c.OwningSymbol, c.OperationBlocks) is { } summary)
            {
                semanticModel.Offer(c.OperationBlocks);
                facts.RecordSummary(c.OwningSymbol, summary);
            }
        });
        context.RegisterSymbolEndAction(c =>
        {
            var blocks = facts.GetSummaries<BodyFeatureWrapperBlock>();
            var stream = BodyFeatureStreamVerdict.Decide(wrapper, blocks, models, semanticModel.Model, c.CancellationToken);
            Report(c, wrapper, blocks, stream);
        });
    }

    private static void Report(SymbolAnalysisContext context, Wrapper wrapper, List<KeyValuePair<ISymbol, BodyFeatureWrapperBlock>> blocks, BodyFeatureStreamVerdict stream)
    {
        var findings = CollectFindings(wrapper, blocks, stream, out var streamForwards);
        var holder = WrapperHolders.Choose(wrapper.Holders, wrapper.Type);
        var innerMaybeNull = holder is not null && WrapperHolders.IsNullable(holder);
        string? rebase = null;
        foreach (var finding in findings)
        {
            rebase ??= RebaseFact(context, wrapper, blocks);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.KindKey, finding.Member == BodyFeatureMember.Writer ? DiagnosticProperties.KindWriter : DiagnosticProperties.KindMember)
                .Add(DiagnosticProperties.MemberKey, BodyFeatureMembers.Name(finding.Member));
            if (finding.Shape is BodyFeatureShape.FlushOnly or BodyFeatureShape.OwnWorkOnly)
            {
                // The member's own work stays; the fix adds the call of the wrapped feature after it.
                properties = properties.Add(DiagnosticProperties.KeepWorkKey, DiagnosticProperties.True);
            }

            properties = properties.Add(DiagnosticProperties.RebaseKey, rebase);
            if (holder is not null && IsFixable(finding, streamForwards) && !(innerMaybeNull && finding.Member == BodyFeatureMember.Writer))
            {
                properties = properties.Add(DiagnosticProperties.InnerKey, holder.Name).Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True);
                if (innerMaybeNull)
                {
                    properties = properties.Add(DiagnosticProperties.InnerMaybeNullKey, DiagnosticProperties.True);
                }
            }
            else
            {
                properties = properties.Add(DiagnosticProperties.NotFixableKey, NotFixableReason(finding, holder, innerMaybeNull));
            }

            context.ReportDiagnostic(Diagnostic.Create(DescriptorOf(finding), finding.Location, properties, BodyFeatureMembers.Name(finding.Member)));
        }
    }

    /// <summary>
    /// The re-base fact (<see cref="DiagnosticProperties.RebaseKey"/>); the fix first gives a <c>StartAsync</c>/<c>CompleteAsync</c>
    /// that does only its own work the call of the wrapped feature, so such a member counts as reaching it.
    /// </summary>
    private static string RebaseFact(SymbolAnalysisContext context, Wrapper wrapper, List<KeyValuePair<ISymbol, BodyFeatureWrapperBlock>> blocks)
        => DelegatingBaseShape.Fact(
            wrapper.Type,
            DelegatingBaseKind.BodyFeature,
            wrapper.Feature,
            context.Compilation,
            models: null,
            context.CancellationToken,
            symbol => symbol is IMethodSymbol method && wrapper.MemberOf(method) is BodyFeatureMember.StartAsync or BodyFeatureMember.CompleteAsync
                && blocks.Any(b => SymbolEqualityComparer.Default.Equals(b.Key, symbol) && b.Value.MemberShape is BodyFeatureShape.FlushOnly or BodyFeatureShape.OwnWorkOnly));

    /// <summary>
    /// What SNOOP004 reports on the wrapper, given its blocks and the verdict on its stream (empty when every capability
    /// reaches the wrapped feature). Shared with SNOOP007's judgement of feature wrappers installed by hand
    /// (<see cref="BodyFeatureWrapperModels"/>): one place decides what a feature wrapper drops.
    /// </summary>
    internal static List<Finding> CollectFindings(Wrapper wrapper, List<KeyValuePair<ISymbol, BodyFeatureWrapperBlock>> blocks, BodyFeatureStreamVerdict stream, out bool streamForwards)
    {
        streamForwards = false;
        var writerUsesInner = false;
        var writerCreatesPipe = false;
        var writerThrows = false;
        var writerSources = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var assignedPipeOverStream = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (wrapper.Writer is not null && IsAutoProperty(wrapper.Writer))
        {
            writerSources.Add(wrapper.Writer);
        }

        var findings = new List<Finding>();
        foreach (var pair in blocks)
        {
            var block = pair.Value;
            streamForwards |= block.StreamForwards;
            writerUsesInner |= block.WriterUsesInner;
            writerCreatesPipe |= block.WriterCreatesPipe;
            writerThrows |= block.WriterThrows;
            writerSources.UnionWith(block.WriterSources);
            assignedPipeOverStream.UnionWith(block.AssignedPipeOverStream);
            if (block.MemberShape is { } shape && pair.Key is IMethodSymbol method && wrapper.MemberOf(method) is { } member && !method.Locations.IsEmpty
                && stream.Reports(shape, block))
            {
                findings.Add(new Finding(member, shape, method.Locations[0]));
            }
        }

        // A Writer over the wrapper's own stream is right when that stream transforms the bytes (or may: caller-given,
        // unrecognized): only a stream that passes the same bytes on makes the pipe a loss.
        if (wrapper.Writer is { Locations.IsEmpty: false } writer && !writerUsesInner)
        {
            if (writerCreatesPipe)
            {
                if (stream.Observes)
                {
                    findings.Add(new Finding(BodyFeatureMember.Writer, BodyFeatureShape.PipeOverStream, writer.Locations[0], builtInGetter: true));
                }
            }
            else if (writerThrows)
            {
                findings.Add(new Finding(BodyFeatureMember.Writer, BodyFeatureShape.NotImplemented, writer.Locations[0], builtInGetter: true));
            }
            else if (stream.Observes && writerSources.Overlaps(assignedPipeOverStream))
            {
                // Built in a constructor or initializer: reported, but the fix would have to touch more than the property.
                findings.Add(new Finding(BodyFeatureMember.Writer, BodyFeatureShape.PipeOverStream, writer.Locations[0]));
            }
        }

        streamForwards |= stream.IsInner;
        return findings;
    }

    private static bool IsFixable(Finding finding, bool streamForwards)
    {
        if (finding.Member == BodyFeatureMember.Writer)
        {
            // Writer: a getter that throws is always better forwarded; a getter that builds the pipe itself only
            // when the stream adds no logic the server writer would skip.
            return finding.Shape == BodyFeatureShape.NotImplemented || (finding.BuiltInGetter && streamForwards);
        }

        return finding.Shape switch
        {
            BodyFeatureShape.NotImplemented => true,
            BodyFeatureShape.Empty => finding.Member != BodyFeatureMember.CompleteAsync || streamForwards,
            BodyFeatureShape.CopyFallback => streamForwards,
            BodyFeatureShape.FlushOnly => true,
            BodyFeatureShape.OwnWorkOnly => streamForwards,
            _ => false,
        };
    }

    /// <summary>Why <see cref="IsFixable"/> said no (the <see cref="DiagnosticProperties.NotFixableKey"/> value).</summary>
    private static string NotFixableReason(Finding finding, ISymbol? holder, bool innerMaybeNull)
    {
        if (holder is null)
        {
            return DiagnosticProperties.NotFixableNoSingleHolder;
        }

        if (finding.Member == BodyFeatureMember.Writer)
        {
            return innerMaybeNull ? DiagnosticProperties.NotFixablePreviousMaybeNull
                : finding.BuiltInGetter ? DiagnosticProperties.NotFixableOwnStream : DiagnosticProperties.NotFixableWriterBuiltElsewhere;
        }

        return DiagnosticProperties.NotFixableOwnStream;
    }

    private static DiagnosticDescriptor DescriptorOf(Finding finding) => (finding.Member, finding.Shape) switch
    {
        (BodyFeatureMember.Writer, BodyFeatureShape.NotImplemented) => Descriptors.SNOOP004_WriterThrows,
        (BodyFeatureMember.Writer, _) => Descriptors.SNOOP004_WriterOverStream,
        (BodyFeatureMember.DisableBuffering, BodyFeatureShape.NotImplemented) => Descriptors.SNOOP004_DisableBufferingThrows,
        (_, BodyFeatureShape.NotImplemented) => Descriptors.SNOOP004_MemberThrows,
        (BodyFeatureMember.DisableBuffering, _) => Descriptors.SNOOP004_DisableBufferingIgnored,
        (BodyFeatureMember.StartAsync, BodyFeatureShape.FlushOnly) => Descriptors.SNOOP004_StartOnlyFlushes,
        (BodyFeatureMember.StartAsync, _) => Descriptors.SNOOP004_StartIgnored,
        (BodyFeatureMember.CompleteAsync, BodyFeatureShape.OwnWorkOnly) => Descriptors.SNOOP004_CompleteOnlyOwnWork,
        (BodyFeatureMember.SendFileAsync, BodyFeatureShape.CopyFallback) => Descriptors.SNOOP004_SendFileCopied,
        (BodyFeatureMember.SendFileAsync, _) => Descriptors.SNOOP004_SendFileIgnored,
        _ => Descriptors.SNOOP004_CompleteIgnored,
    };

    private static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
            {
                foreach (var accessor in accessors.Accessors)
                {
                    if (accessor.Body is not null || accessor.ExpressionBody is not null)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>One wrapper type and what the rule needs to know about it before its blocks are analyzed (immutable).</summary>
    internal sealed class Wrapper
    {
        private const int MaxAliasDepth = 4;

        private readonly IMethodSymbol?[] _implementations = new IMethodSymbol?[BodyFeatureMembers.MethodCount];

        public Wrapper(KnownTypes known, BodyFeatureMembers members, INamedTypeSymbol type, List<ISymbol> holders)
        {
            Known = known;
            Feature = members.Feature;
            Type = type;
            Holders = holders;
            for (var i = 0; i < BodyFeatureMembers.MethodCount; i++)
            {
                _implementations[i] = OwnImplementation(members.GetMethod((BodyFeatureMember)i)) as IMethodSymbol;
            }

            Writer = OwnImplementation(members.Writer) as IPropertySymbol;
            Stream = OwnImplementation(members.Stream) as IPropertySymbol;
        }

        public KnownTypes Known { get; }

        public INamedTypeSymbol Feature { get; }

        public INamedTypeSymbol Type { get; }

        /// <summary>The members holding the wrapped feature (<see cref="WrapperHolders.Find"/>).</summary>
        public List<ISymbol> Holders { get; }

        /// <summary>The type's own <c>Writer</c> implementation, if it declares one.</summary>
        public IPropertySymbol? Writer { get; }

        /// <summary>The type's own <c>Stream</c> implementation, if it declares one.</summary>
        public IPropertySymbol? Stream { get; }

        /// <summary>The feature method <paramref name="method"/> implements in this type, if any.</summary>
        public BodyFeatureMember? MemberOf(IMethodSymbol method)
        {
            for (var i = 0; i < _implementations.Length; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(method, _implementations[i]))
                {
                    return (BodyFeatureMember)i;
                }
            }

            return null;
        }

        /// <summary>
        /// True when <paramref name="operation"/> reads one of the <see cref="Holders"/>, directly or through a local every
        /// value stored to which is such a read (<c>var inner = _inner; inner.StartAsync(...)</c>).
        /// </summary>
        public bool IsHolderReference(IOperation? operation) => IsHolderReferenceAt(operation, depth: 0);

        private bool IsHolderReferenceAt(IOperation? operation, int depth)
        {
            var value = OperationFacts.Unwrap(operation);
            if (value is ILocalReferenceOperation local)
            {
                if (depth >= MaxAliasDepth || OperationFacts.StoredValues(local) is not { } stored)
                {
                    return false;
                }

                foreach (var storedValue in stored)
                {
                    if (!IsHolderReferenceAt(storedValue, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            }

            ISymbol? symbol = value switch
            {
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property => property.Property,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (symbol is null)
            {
                return false;
            }

            foreach (var holder in Holders)
            {
                if (SymbolEqualityComparer.Default.Equals(holder, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        private ISymbol? OwnImplementation(ISymbol? interfaceMember)
        {
            var implementation = interfaceMember is null ? null : Type.FindImplementationForInterfaceMember(interfaceMember);
            return implementation is not null && SymbolEqualityComparer.Default.Equals(implementation.ContainingType, Type) ? implementation : null;
        }
    }

    /// <summary>A semantic model of the type's tree, offered by its operation blocks (SNOOP007's models start from one).</summary>
    private sealed class SemanticModelHolder
    {
        private SemanticModel? _model;

        public SemanticModel? Model => Volatile.Read(ref _model);

        public void Offer(ImmutableArray<IOperation> blocks)
        {
            if (Volatile.Read(ref _model) is null && !blocks.IsEmpty && blocks[0].SemanticModel is { } model)
            {
                Interlocked.CompareExchange(ref _model, model, null);
            }
        }
    }

    internal readonly struct Finding
    {
        public Finding(BodyFeatureMember member, BodyFeatureShape shape, Location location, bool builtInGetter = false)
        {
            Member = member;
            Shape = shape;
            Location = location;
            BuiltInGetter = builtInGetter;
        }

        /// <summary>The member that does not reach the wrapped feature.</summary>
        public BodyFeatureMember Member { get; }

        public BodyFeatureShape Shape { get; }

        public Location Location { get; }

        /// <summary>Writer only: the getter itself builds the pipe (so replacing the getter is the whole fix).</summary>
        public bool BuiltInGetter { get; }
    }
}
