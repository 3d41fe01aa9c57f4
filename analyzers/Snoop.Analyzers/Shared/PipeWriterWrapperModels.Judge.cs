using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers.Shared;

/// <content>The per-member judgement (<see cref="Judge"/>): which bodies forward, which count, which do something else.</content>
internal sealed partial class PipeWriterWrapperModels
{
    /// <summary>Walks the class's bodies once; built and read by one thread.</summary>
    private sealed class Judge
    {
        private readonly ISymbol _inner;
        private readonly HashSet<ISymbol> _counters = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> _writeEntries = new(SymbolEqualityComparer.Default);
        private bool _otherEffects;

        public Judge(ISymbol inner) => _inner = inner;

        /// <summary>False when the body makes the class anything but an observing wrapper (or the model cannot tell).</summary>
        public bool Accepts(ISymbol owner, IOperation body, HashSet<string> seen)
        {
            if (owner is not IMethodSymbol method)
            {
                // Field and property initializers: building the class's own state, never using the inner writer.
                return !UsesInner(body, allowBareReference: true);
            }

            if (method.MethodKind == MethodKind.Constructor)
            {
                return !UsesInner(body, allowBareReference: true);
            }

            var member = (ISymbol?)(method.AssociatedSymbol as IPropertySymbol) ?? method;
            if (!OverridesPipeWriter(member))
            {
                // The class's own members (a count getter, a log): they may not write to the inner writer.
                return !UsesInner(body, allowBareReference: false);
            }

            seen.Add(member.Name);
            switch (member.Name)
            {
                case "Advance" when method.Parameters.Length == 1:
                    _writeEntries.Add(method);
                    return WriteEntry(body, method, counted: v => IsParameter(v, method.Parameters[0]));
                case "WriteAsync" when method.Parameters.Length == 2:
                    _writeEntries.Add(method);
                    return WriteEntry(body, method, counted: v => v is IPropertyReferenceOperation { Property.Name: "Length" } length && IsParameter(length.Instance, method.Parameters[0]));
                case "GetMemory" or "GetSpan" or "FlushAsync" or "CancelPendingFlush" or "Complete" or "CompleteAsync":
                    return Statements(body) is { Count: 1 } single && IsForwardCall(ValueOf(single[0]), method);
                case "CanGetUnflushedBytes" or "UnflushedBytes" when method.MethodKind == MethodKind.PropertyGet:
                    return Statements(body) is { Count: 1 } getter
                        && ValueOf(getter[0]) is IPropertyReferenceOperation read && read.Property.Name == member.Name && IsInner(read.Instance);
                default:
                    return false;
            }
        }

        public StreamWrapperModel Verdict(List<(ISymbol Owner, IOperation Body)> bodies)
        {
            if (_otherEffects || _counters.Count != 1)
            {
                return new StreamWrapperModel(WrapperWriteKind.Observes, ImmutableArray<string>.Empty);
            }

            ISymbol? counter = null;
            foreach (var symbol in _counters)
            {
                counter = symbol;
            }

            var countMembers = ImmutableArray.CreateBuilder<string>();
            if (IsPublicLong(counter!))
            {
                countMembers.Add(counter!.Name);
            }

            foreach (var (owner, body) in bodies)
            {
                if (_writeEntries.Contains(owner) || !Reads(body, counter!))
                {
                    continue;
                }

                // A getter returning the counter (or Interlocked.Read of it) reads the count; anything else reading it observes.
                if (owner is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol property }
                    && Statements(body) is { Count: 1 } single && ReturnsCounter(ValueOf(single[0]), counter!))
                {
                    if (IsPublicLong(property) && !countMembers.Contains(property.Name))
                    {
                        countMembers.Add(property.Name);
                    }

                    continue;
                }

                return new StreamWrapperModel(WrapperWriteKind.Observes, ImmutableArray<string>.Empty);
            }

            return new StreamWrapperModel(WrapperWriteKind.CountsOnly, countMembers.ToImmutable());
        }

        /// <summary>
        /// A write entry: exactly one call handing the method's own parameters to the inner writer's same method, and
        /// beside it only additions of the written length to a member (<c>+=</c>, <c>Interlocked.Add</c>) or calls that
        /// touch neither the inner writer nor this instance (a log, a metric).
        /// </summary>
        private bool WriteEntry(IOperation body, IMethodSymbol method, System.Func<IOperation?, bool> counted)
        {
            var forwards = 0;
            foreach (var statement in Statements(body))
            {
                var value = ValueOf(statement);
                if (IsForwardCall(value, method))
                {
                    forwards++;
                    continue;
                }

                if (statement is not IExpressionStatementOperation || value is null)
                {
                    return false;
                }

                switch (value)
                {
                    case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } add
                        when OperationFacts.MemberOfThis(add.Target) is { } target && counted(OperationFacts.Unwrap(add.Value)):
                        _counters.Add(target.OriginalDefinition);
                        continue;
                    case IInvocationOperation { TargetMethod: { Name: "Add", ContainingType.Name: "Interlocked" } } interlocked
                        when interlocked.Arguments.Length == 2
                            && OperationFacts.MemberOfThis(interlocked.Arguments[0].Value) is { } target
                            && counted(OperationFacts.Unwrap(interlocked.Arguments[1].Value)):
                        _counters.Add(target.OriginalDefinition);
                        continue;
                    case IInvocationOperation other when !OperationFacts.IsThis(other.Instance) && !UsesInner(other, allowBareReference: false) && !PassesThis(other):
                        _otherEffects = true;
                        continue;
                    default:
                        return false;
                }
            }

            return forwards == 1;
        }

        /// <summary><c>inner.M(p0, p1, ...)</c> with <c>M</c> the method's name and its own parameters in order (returned, awaited or as a statement).</summary>
        private bool IsForwardCall(IOperation? value, IMethodSymbol method)
        {
            if (value is IAwaitOperation awaited)
            {
                value = OperationFacts.Unwrap(awaited.Operation);
            }

            if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
            {
                value = OperationFacts.Unwrap(configured);
            }

            if (value is not IInvocationOperation call || call.TargetMethod.Name != method.Name || !IsInner(call.Instance)
                || call.Arguments.Length != method.Parameters.Length)
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is not { } target || target.Ordinal >= method.Parameters.Length
                    || !IsParameter(argument.Value, method.Parameters[target.Ordinal]))
                {
                    return false;
                }
            }

            return true;
        }

        private bool IsInner(IOperation? operation) => SymbolEqualityComparer.Default.Equals(InnerSymbol(operation)?.OriginalDefinition, _inner);

        /// <summary>The body refers to the inner writer (with <paramref name="allowBareReference"/>: other than as a plain value, e.g. stored).</summary>
        private bool UsesInner(IOperation body, bool allowBareReference)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (!IsInner(operation) || operation is IConversionOperation or IParenthesizedOperation)
                {
                    continue;
                }

                if (!allowBareReference)
                {
                    return true;
                }

                // A member access, a call on it or an argument other than a plain assignment: a use.
                var parent = OperationFacts.Climb(operation).Parent;
                if (parent is not (ISimpleAssignmentOperation or IFieldInitializerOperation or IPropertyInitializerOperation or ICoalesceOperation))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool PassesThis(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (OperationFacts.IsThis(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsParameter(IOperation? operation, IParameterSymbol parameter)
            => OperationFacts.Unwrap(operation) is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter);

        private static bool OverridesPipeWriter(ISymbol member)
        {
            var overridden = member switch
            {
                IMethodSymbol method => method.OverriddenMethod as ISymbol,
                IPropertySymbol property => property.OverriddenProperty,
                _ => null,
            };
            for (var i = 0; overridden is not null && i < 8; i++)
            {
                if (overridden.ContainingType is { Name: "PipeWriter", ContainingNamespace: { Name: "Pipelines" } })
                {
                    return true;
                }

                overridden = overridden switch
                {
                    IMethodSymbol method => method.OverriddenMethod,
                    IPropertySymbol property => property.OverriddenProperty,
                    _ => null,
                };
            }

            return false;
        }

        private static bool IsPublicLong(ISymbol symbol)
            => symbol switch
            {
                IPropertySymbol { DeclaredAccessibility: Accessibility.Public, Type.SpecialType: SpecialType.System_Int64, GetMethod.DeclaredAccessibility: Accessibility.Public } => true,
                IFieldSymbol { DeclaredAccessibility: Accessibility.Public, Type.SpecialType: SpecialType.System_Int64 } => true,
                _ => false,
            };

        private static bool Reads(IOperation body, ISymbol counter)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is IFieldReferenceOperation or IPropertyReferenceOperation
                    && SymbolEqualityComparer.Default.Equals(OperationFacts.MemberOfThis(operation)?.OriginalDefinition, counter))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ReturnsCounter(IOperation? value, ISymbol counter)
        {
            if (value is IInvocationOperation { TargetMethod: { Name: "Read", ContainingType.Name: "Interlocked" }, Arguments.Length: 1 } read)
            {
                value = read.Arguments[0].Value;
            }

            return SymbolEqualityComparer.Default.Equals(OperationFacts.MemberOfThis(value)?.OriginalDefinition, counter);
        }
    }

    /// <summary>The statements of a body (a block's, the implicit trailing return left out; an expression body's one).</summary>
    internal static List<IOperation> Statements(IOperation body)
    {
        var statements = new List<IOperation>();
        if (body is IBlockOperation block)
        {
            foreach (var statement in block.Operations)
            {
                if (statement is IReturnOperation { IsImplicit: true, ReturnedValue: null })
                {
                    continue;
                }

                statements.Add(statement);
            }
        }
        else
        {
            statements.Add(body);
        }

        return statements;
    }

    /// <summary>The value of a <c>return x;</c> or of an expression statement, unwrapped; null otherwise.</summary>
    internal static IOperation? ValueOf(IOperation statement)
        => OperationFacts.Unwrap(statement switch
        {
            IReturnOperation returned => returned.ReturnedValue,
            IExpressionStatementOperation expression => expression.Operation,
            _ => null,
        });
}
