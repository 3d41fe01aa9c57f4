using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP004: an <c>IHttpResponseBodyFeature</c> wrapper that holds the previous feature but does not forward
/// <c>DisableBuffering</c>, <c>StartAsync</c>, <c>SendFileAsync</c>, <c>CompleteAsync</c> or the server's <c>Writer</c>;
/// and <c>Features.Set&lt;IHttpResponseBodyFeature&gt;</c> with a feature that was given no previous feature.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BodyFeatureWrapperAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property: what was found, one of <see cref="KindMember"/>, <see cref="KindWriter"/>, <see cref="KindSet"/>.</summary>
    internal const string KindKey = "Kind";

    /// <summary>Property: the interface member that does not reach the wrapped feature.</summary>
    internal const string MemberKey = "Member";

    /// <summary>Property: the name of the field, property or parameter that holds the wrapped feature (fixable findings only).</summary>
    internal const string InnerKey = "Inner";

    /// <summary>Property: present when the holder is declared nullable (the fix then forwards with <c>?.</c>).</summary>
    internal const string InnerMaybeNullKey = "InnerMaybeNull";

    /// <summary>Property: present when the code fix may forward the member.</summary>
    internal const string FixableKey = "Fixable";

    internal const string KindMember = "Member";
    internal const string KindWriter = "Writer";
    internal const string KindSet = "Set";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SNOOP004_BodyFeatureDropsCapability);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var known = KnownTypes.Create(context.Compilation);
        if (known.IHttpResponseBodyFeature is null || known.PipeWriter is null || known.Stream is null)
        {
            return;
        }

        var members = BodyFeatureMembers.Create(known);
        if (members is null)
        {
            return;
        }

        var analysis = new CompilationAnalysis(known, known.IHttpResponseBodyFeature, members);
        context.RegisterSymbolStartAction(analysis.OnNamedTypeStart, SymbolKind.NamedType);
        if (known.IFeatureCollection is not null)
        {
            context.RegisterOperationAction(analysis.OnInvocation, OperationKind.Invocation);
        }
    }

    private enum Shape
    {
        Empty,
        NotImplemented,
        CopyFallback,
        PipeOverStream,
    }

    private sealed class CompilationAnalysis
    {
        private readonly KnownTypes _known;
        private readonly INamedTypeSymbol _feature;
        private readonly BodyFeatureMembers _members;

        public CompilationAnalysis(KnownTypes known, INamedTypeSymbol feature, BodyFeatureMembers members)
        {
            _known = known;
            _feature = feature;
            _members = members;
        }

        public INamedTypeSymbol Feature => _feature;
        public KnownTypes Known => _known;
        public BodyFeatureMembers Members => _members;

        public void OnNamedTypeStart(SymbolStartAnalysisContext context)
        {
            if (context.Symbol is not INamedTypeSymbol type || (type.TypeKind != TypeKind.Class && type.TypeKind != TypeKind.Struct) || type.Name.Length == 0)
            {
                return;
            }

            if (!SymbolFacts.Implements(type, _feature))
            {
                return;
            }

            var holders = WrapperHolders.Find(type, _feature, context.CancellationToken);
            if (holders.Count == 0)
            {
                return;
            }

            var state = new TypeState(this, type, holders);
            context.RegisterOperationBlockAction(state.OnOperationBlock);
            context.RegisterSymbolEndAction(state.OnSymbolEnd);
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            if (context.Operation is not IInvocationOperation invocation)
            {
                return;
            }

            var method = invocation.TargetMethod;
            if (method.Name != "Set" || !method.IsGenericMethod || method.TypeArguments.Length != 1 || invocation.Arguments.Length != 1)
            {
                return;
            }

            if (!SymbolEqualityComparer.Default.Equals(method.TypeArguments[0], _feature))
            {
                return;
            }

            var collection = _known.IFeatureCollection;
            if (!SymbolFacts.IsOrImplements(method.ContainingType, collection))
            {
                return;
            }

            if (OperationFacts.Unwrap(invocation.Arguments[0].Value) is not IObjectCreationOperation creation
                || creation.Constructor is not { } constructor
                || creation.Type is not INamedTypeSymbol createdType
                || !SymbolFacts.Implements(createdType, _feature))
            {
                return;
            }

            // Given a previous feature? A parameter of the feature type with a non-null argument means yes.
            var nullPrior = false;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, _feature))
                {
                    if (!OperationFacts.IsNullValue(argument.Value))
                    {
                        return;
                    }

                    nullPrior = true;
                }
            }

            // Only a type that can take the previous feature is a wrapper that was not given one.
            if (!nullPrior && !HasConstructorTakingFeature(createdType))
            {
                return;
            }

            // A collection setting up its own features (this.Set) or one created right here has no server feature to keep.
            if (invocation.Instance is null || OperationFacts.Unwrap(invocation.Instance) is IInstanceReferenceOperation || IsFreshlyCreated(invocation.Instance))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(KindKey, KindSet);
            if (!nullPrior && FindConstructorWithTrailingFeature(createdType, constructor) is not null)
            {
                properties = properties.Add(FixableKey, "true");
            }

            var message = "'" + createdType.Name + "' is installed as the response body feature without the previous feature: DisableBuffering, StartAsync, SendFileAsync and CompleteAsync no longer reach the server, and files are copied instead of sent";
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SNOOP004_BodyFeatureDropsCapability, creation.Syntax.GetLocation(), properties, message));
        }

        private bool HasConstructorTakingFeature(INamedTypeSymbol type)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter.Type, _feature))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A constructor with the same parameters as <paramref name="used"/> plus a trailing feature parameter that accepts null-state "maybe null".</summary>
        internal IMethodSymbol? FindConstructorWithTrailingFeature(INamedTypeSymbol type, IMethodSymbol used)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.Parameters.Length != used.Parameters.Length + 1)
                {
                    continue;
                }

                var last = constructor.Parameters[constructor.Parameters.Length - 1];
                if (!SymbolEqualityComparer.Default.Equals(last.Type, _feature) || last.NullableAnnotation == NullableAnnotation.NotAnnotated)
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
                    return constructor;
                }
            }

            return null;
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

            if (current is ILocalReferenceOperation local)
            {
                foreach (var reference in local.Local.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        public bool IsPipeWriterOverStream(IOperation operation)
            => OperationFacts.Unwrap(operation) is IInvocationOperation invocation && IsPipeWriterCreate(invocation);

        public bool IsPipeWriterCreate(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            return method.Name == "Create"
                && method.IsStatic
                && method.Parameters.Length >= 1
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, _known.PipeWriter)
                && KnownTypes.InheritsFromOrEquals(method.Parameters[0].Type, _known.Stream);
        }
    }

    private readonly struct Finding
    {
        public Finding(BodyFeatureMember member, Shape shape, Location location, bool builtInGetter = false)
        {
            Member = member;
            Shape = shape;
            Location = location;
            BuiltInGetter = builtInGetter;
        }

        /// <summary>Writer only: the getter itself builds the pipe (so replacing the getter is the whole fix).</summary>
        public bool BuiltInGetter { get; }

        /// <summary>The member that does not reach the wrapped feature.</summary>
        public BodyFeatureMember Member { get; }
        public Shape Shape { get; }
        public Location Location { get; }
    }

    /// <summary>What one wrapper type does, gathered from its operation blocks (which may run concurrently).</summary>
    private sealed class TypeState
    {
        private readonly CompilationAnalysis _analysis;
        private readonly INamedTypeSymbol _type;
        private readonly List<ISymbol> _holders;
        private readonly IMethodSymbol?[] _implementations = new IMethodSymbol?[BodyFeatureMembers.MethodCount];
        private readonly IPropertySymbol? _writer;
        private readonly IPropertySymbol? _stream;
        private readonly object _gate = new();
        private readonly List<Finding> _findings = new();
        private readonly HashSet<ISymbol> _assignedPipeOverStream = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _writerSources = new(SymbolEqualityComparer.Default);
        private bool _streamForwards;
        private bool _writerUsesInner;
        private bool _writerHasDirectFinding;
        private bool _writerThrows;

        public TypeState(CompilationAnalysis analysis, INamedTypeSymbol type, List<ISymbol> holders)
        {
            _analysis = analysis;
            _type = type;
            _holders = holders;
            var members = analysis.Members;
            for (var i = 0; i < BodyFeatureMembers.MethodCount; i++)
            {
                _implementations[i] = OwnImplementation(members.GetMethod((BodyFeatureMember)i)!) as IMethodSymbol;
            }

            _writer = OwnImplementation(members.Writer) as IPropertySymbol;
            _stream = OwnImplementation(members.Stream) as IPropertySymbol;
            if (_writer is not null && IsAutoProperty(_writer))
            {
                _writerSources.Add(_writer);
            }
        }

        private ISymbol? OwnImplementation(ISymbol interfaceMember)
        {
            var implementation = _type.FindImplementationForInterfaceMember(interfaceMember);
            return implementation is not null && SymbolEqualityComparer.Default.Equals(implementation.ContainingType, _type) ? implementation : null;
        }

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

        public void OnOperationBlock(OperationBlockAnalysisContext context)
        {
            var owner = context.OwningSymbol;
            if (!SymbolEqualityComparer.Default.Equals(owner.ContainingType, _type))
            {
                return;
            }

            foreach (var block in context.OperationBlocks)
            {
                RecordPipeWriterAssignments(block);
            }

            if (owner is not IMethodSymbol method)
            {
                return;
            }

            for (var i = 0; i < BodyFeatureMembers.MethodCount; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(method, _implementations[i]))
                {
                    AnalyzeMember(context.OperationBlocks, (BodyFeatureMember)i, method);
                    return;
                }
            }

            if (_writer is not null && SymbolEqualityComparer.Default.Equals(method, _writer.GetMethod))
            {
                AnalyzeWriterGetter(context.OperationBlocks);
            }
            else if (_stream is not null && SymbolEqualityComparer.Default.Equals(method, _stream.GetMethod))
            {
                AnalyzeStreamGetter(context.OperationBlocks);
            }
        }

        private void RecordPipeWriterAssignments(IOperation block)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IAssignmentOperation assignment when _analysis.IsPipeWriterOverStream(assignment.Value):
                        if (OwnMember(assignment.Target) is { } target)
                        {
                            lock (_gate)
                            {
                                _assignedPipeOverStream.Add(target);
                            }
                        }

                        break;
                    case IFieldInitializerOperation fieldInitializer when _analysis.IsPipeWriterOverStream(fieldInitializer.Value):
                        lock (_gate)
                        {
                            foreach (var field in fieldInitializer.InitializedFields)
                            {
                                _assignedPipeOverStream.Add(field);
                            }
                        }

                        break;
                    case IPropertyInitializerOperation propertyInitializer when _analysis.IsPipeWriterOverStream(propertyInitializer.Value):
                        lock (_gate)
                        {
                            foreach (var property in propertyInitializer.InitializedProperties)
                            {
                                _assignedPipeOverStream.Add(property);
                            }
                        }

                        break;
                }
            }
        }

        /// <summary>The field or property of this instance that <paramref name="operation"/> refers to, if any.</summary>
        private ISymbol? OwnMember(IOperation? operation)
        {
            switch (OperationFacts.Unwrap(operation))
            {
                case IFieldReferenceOperation field when field.Field.IsStatic || OperationFacts.IsThis(field.Instance):
                    return field.Field;
                case IPropertyReferenceOperation property when OperationFacts.IsThis(property.Instance):
                    return property.Property;
                default:
                    return null;
            }
        }

        private void AnalyzeMember(ImmutableArray<IOperation> blocks, BodyFeatureMember member, IMethodSymbol method)
        {
            if (method.Locations.IsEmpty)
            {
                return;
            }

            var name = BodyFeatureMembers.Name(member);
            if (ReachesInner(blocks, name))
            {
                return;
            }

            var statements = TopLevelStatements(blocks);
            if (statements is null)
            {
                return;
            }

            Shape? shape = null;
            if (IsEmpty(statements))
            {
                shape = Shape.Empty;
            }
            else if (ThrowsNotImplemented(statements))
            {
                shape = Shape.NotImplemented;
            }
            else if (member == BodyFeatureMember.SendFileAsync && CopiesTheFile(blocks))
            {
                shape = Shape.CopyFallback;
            }

            if (shape is { } found)
            {
                lock (_gate)
                {
                    _findings.Add(new Finding(member, found, method.Locations[0]));
                }
            }
        }

        private void AnalyzeWriterGetter(ImmutableArray<IOperation> blocks)
        {
            var direct = false;
            foreach (var block in blocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    if (operation is IPropertyReferenceOperation { Property.Name: "Writer" } reference && !OperationFacts.IsThis(reference.Instance))
                    {
                        lock (_gate)
                        {
                            _writerUsesInner = true;
                        }

                        return;
                    }

                    if (operation is IInvocationOperation invocation && _analysis.IsPipeWriterCreate(invocation))
                    {
                        direct = true;
                    }
                }
            }

            if (direct)
            {
                lock (_gate)
                {
                    _writerHasDirectFinding = true;
                }

                return;
            }

            if (TopLevelStatements(blocks) is { } statements && ThrowsNotImplemented(statements))
            {
                lock (_gate)
                {
                    _writerThrows = true;
                }

                return;
            }

            foreach (var block in blocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    if (operation is IReturnOperation { ReturnedValue: { } value } && OwnMember(value) is { } source)
                    {
                        lock (_gate)
                        {
                            _writerSources.Add(source);
                        }
                    }
                }
            }
        }

        private void AnalyzeStreamGetter(ImmutableArray<IOperation> blocks)
        {
            var statements = TopLevelStatements(blocks);
            if (statements is { Count: 1 } && statements[0] is IReturnOperation { ReturnedValue: { } value }
                && OperationFacts.Unwrap(value) is IPropertyReferenceOperation { Property.Name: "Stream" } stream
                && IsHolderReference(stream.Instance))
            {
                lock (_gate)
                {
                    _streamForwards = true;
                }
            }
        }

        private bool IsHolderReference(IOperation? operation)
        {
            ISymbol? symbol = OperationFacts.Unwrap(operation) switch
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

            foreach (var holder in _holders)
            {
                if (SymbolEqualityComparer.Default.Equals(holder, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Any call of the member on another feature instance (not this one) counts as reaching it.</summary>
        private bool ReachesInner(ImmutableArray<IOperation> blocks, string name)
        {
            foreach (var block in blocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation invocation
                        && invocation.TargetMethod.Name == name
                        && invocation.Instance is { } instance
                        && OperationFacts.Unwrap(instance) is not IInstanceReferenceOperation
                        && instance.Type is { } receiverType
                        && SymbolFacts.IsOrImplements(receiverType, _analysis.Feature))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool CopiesTheFile(ImmutableArray<IOperation> blocks)
        {
            var known = _analysis.Known;
            var opensFile = false;
            var copies = false;
            foreach (var block in blocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation invocation)
                    {
                        var target = invocation.TargetMethod;
                        if (target.Name == "SendFileAsync" && SymbolEqualityComparer.Default.Equals(target.ContainingType, known.SendFileFallback))
                        {
                            return true;
                        }

                        if (target.Name.StartsWith("Open", System.StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(target.ContainingType, known.File))
                        {
                            opensFile = true;
                        }
                        else if ((target.Name == "CopyToAsync" || target.Name == "CopyTo") && KnownTypes.InheritsFromOrEquals(target.ContainingType, known.Stream))
                        {
                            copies = true;
                        }
                    }
                    else if (operation is IObjectCreationOperation creation && KnownTypes.InheritsFromOrEquals(creation.Type, known.FileStream))
                    {
                        opensFile = true;
                    }
                }
            }

            return opensFile && copies;
        }

        private bool IsEmpty(List<IOperation> statements)
        {
            if (statements.Count == 0)
            {
                return true;
            }

            if (statements.Count != 1)
            {
                return false;
            }

            var statement = statements[0];
            var value = statement switch
            {
                IReturnOperation ret => ret.ReturnedValue,
                IExpressionStatementOperation { Operation: IAwaitOperation awaited } => awaited.Operation,
                _ => null,
            };
            return value is not null && IsCompletedTask(value);
        }

        private bool IsCompletedTask(IOperation value)
        {
            var stripped = OperationFacts.Unwrap(value);
            return stripped is IDefaultValueOperation
                || (stripped is IPropertyReferenceOperation { Property.Name: "CompletedTask" } completed
                    && (SymbolEqualityComparer.Default.Equals(completed.Property.ContainingType, _analysis.Known.Task)
                        || SymbolEqualityComparer.Default.Equals(completed.Property.ContainingType, _analysis.Known.ValueTask)));
        }

        private bool ThrowsNotImplemented(List<IOperation> statements)
        {
            foreach (var statement in statements)
            {
                var current = statement;
                if (current is IExpressionStatementOperation expression)
                {
                    current = expression.Operation;
                }
                else if (current is IReturnOperation { ReturnedValue: { } returned })
                {
                    current = OperationFacts.Unwrap(returned);
                }

                if (current is IThrowOperation { Exception: { } exception }
                    && OperationFacts.Unwrap(exception) is IObjectCreationOperation creation
                    && SymbolEqualityComparer.Default.Equals(creation.Type, _analysis.Known.NotImplementedException))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The statements of the body, without the implicit trailing return; null when there is no body.</summary>
        private static List<IOperation>? TopLevelStatements(ImmutableArray<IOperation> blocks)
        {
            IBlockOperation? body = null;
            foreach (var block in blocks)
            {
                switch (block)
                {
                    case IMethodBodyOperation methodBody:
                        body = methodBody.BlockBody ?? methodBody.ExpressionBody;
                        break;
                    case IBlockOperation plain:
                        body = plain;
                        break;
                }
            }

            if (body is null)
            {
                return null;
            }

            var statements = new List<IOperation>();
            foreach (var operation in body.Operations)
            {
                if (operation is IReturnOperation { ReturnedValue: null, IsImplicit: true })
                {
                    continue;
                }

                if (operation is IInvalidOperation)
                {
                    return null;
                }

                statements.Add(operation);
            }

            return statements;
        }

        public void OnSymbolEnd(SymbolAnalysisContext context)
        {
            List<Finding> findings;
            bool streamForwards;
            bool writerFinding;
            lock (_gate)
            {
                findings = new List<Finding>(_findings);
                streamForwards = _streamForwards;
                writerFinding = !_writerUsesInner && _writerHasDirectFinding;
                if (!_writerUsesInner && !writerFinding)
                {
                    foreach (var source in _writerSources)
                    {
                        if (_assignedPipeOverStream.Contains(source))
                        {
                            // Built in a constructor or initializer: reported, but the fix would have to touch more than the property.
                            findings.Add(new Finding(BodyFeatureMember.Writer, Shape.PipeOverStream, _writer!.Locations[0]));
                            break;
                        }
                    }
                }
            }

            if (writerFinding && _writer is not null && !_writer.Locations.IsEmpty)
            {
                findings.Add(new Finding(BodyFeatureMember.Writer, Shape.PipeOverStream, _writer.Locations[0], builtInGetter: true));
            }
            else if (_writerThrows && _writer is not null && !_writer.Locations.IsEmpty)
            {
                findings.Add(new Finding(BodyFeatureMember.Writer, Shape.NotImplemented, _writer.Locations[0], builtInGetter: true));
            }

            var holder = WrapperHolders.Choose(_holders, _type);
            var inner = holder?.Name;
            var innerMaybeNull = holder is not null && WrapperHolders.IsNullable(holder);
            foreach (var finding in findings)
            {
                var fixable = inner is not null && IsFixable(finding, streamForwards) && !(innerMaybeNull && finding.Member == BodyFeatureMember.Writer);
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(KindKey, finding.Member == BodyFeatureMember.Writer ? KindWriter : KindMember)
                    .Add(MemberKey, BodyFeatureMembers.Name(finding.Member));
                if (fixable)
                {
                    properties = properties.Add(InnerKey, inner).Add(FixableKey, "true");
                    if (innerMaybeNull)
                    {
                        properties = properties.Add(InnerMaybeNullKey, "true");
                    }
                }

                context.ReportDiagnostic(Diagnostic.Create(Descriptors.SNOOP004_BodyFeatureDropsCapability, finding.Location, properties, Message(finding)));
            }
        }

        private static bool IsFixable(Finding finding, bool streamForwards)
        {
            if (finding.Member == BodyFeatureMember.Writer)
            {
                // Writer: a getter that throws is always better forwarded; a getter that builds the pipe itself only
                // when the stream adds no logic the server writer would skip.
                return finding.Shape == Shape.NotImplemented || (finding.BuiltInGetter && streamForwards);
            }

            return finding.Shape switch
            {
                Shape.NotImplemented => true,
                Shape.Empty => finding.Member != BodyFeatureMember.CompleteAsync || streamForwards,
                Shape.CopyFallback => streamForwards,
                _ => false,
            };
        }

        private static string Message(Finding finding)
        {
            if (finding.Member == BodyFeatureMember.Writer && finding.Shape == Shape.NotImplemented)
            {
                return "Writer does not reach the wrapped feature: it throws NotImplementedException, so every write through Response.BodyWriter (JSON results, gRPC, Blazor) fails";
            }

            if (finding.Member == BodyFeatureMember.Writer)
            {
                return "Writer is a pipe over a stream instead of the wrapped feature's Writer: BodyWriter output (JSON, gRPC, Blazor) is copied through an extra pipe and the server's own pipe and its UnflushedBytes are lost";
            }

            var name = BodyFeatureMembers.Name(finding.Member);
            var consequence = (finding.Member, finding.Shape) switch
            {
                (BodyFeatureMember.DisableBuffering, Shape.NotImplemented) => "it throws NotImplementedException, so every caller of DisableBuffering (server-sent events, SignalR) fails",
                (_, Shape.NotImplemented) => "it throws NotImplementedException, so every caller of Response." + name + " fails",
                (BodyFeatureMember.DisableBuffering, _) => "server-side response buffering is never turned off, so server-sent events and streamed responses may arrive late",
                (BodyFeatureMember.StartAsync, _) => "Response.StartAsync does not send the headers; the response starts only at the first write",
                (BodyFeatureMember.SendFileAsync, Shape.CopyFallback) => "files are copied through this wrapper instead of the server's send-file path",
                (BodyFeatureMember.SendFileAsync, _) => "Response.SendFileAsync sends nothing",
                _ => "Response.CompleteAsync does not complete the response at the server",
            };
            return name + " does not reach the wrapped feature: " + consequence;
        }
    }
}
