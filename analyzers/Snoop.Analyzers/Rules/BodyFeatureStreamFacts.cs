using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// What one operation block of a body-feature wrapper does with streams: the streams and pipes it assigns to the class's
/// members, what its <c>Stream</c> getter returns, what a <c>StartAsync</c> flushes, and whether a feature member reaches
/// the wrapped feature. Built by one thread, read at the end of the type (<see cref="BodyFeatureStreamVerdict"/>).
/// </summary>
internal sealed class BodyFeatureStreamFacts
{
    /// <summary>Stream or pipe members of the class and the origin of each value assigned to them in this block.</summary>
    public List<KeyValuePair<ISymbol, StreamOrigin>> Assignments { get; } = new();

    /// <summary>For the <c>Stream</c> getter: the origins of the values it returns.</summary>
    public List<StreamOrigin> StreamGetter { get; } = new();

    /// <summary>For a <c>StartAsync</c> that only flushes: the origins of the streams or pipes it flushes.</summary>
    public List<StreamOrigin> Flushed { get; } = new();

    /// <summary>For a feature member: it calls the same member of another feature (the wrapped one).</summary>
    public bool ReachesInner { get; set; }

    public bool IsEmpty => Assignments.Count == 0 && StreamGetter.Count == 0 && Flushed.Count == 0 && !ReachesInner;

    /// <summary>The stream and pipe assignments to members of this instance (constructors, initializers, lazy creation in any member).</summary>
    public static BodyFeatureStreamFacts Collect(BodyFeatureWrapperRule.Wrapper wrapper, ImmutableArray<IOperation> blocks)
    {
        var facts = new BodyFeatureStreamFacts();
        var known = wrapper.Known;
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IAssignmentOperation assignment when OperationFacts.MemberOfThis(assignment.Target) is { } target && IsStreamOrPipe(assignment.Target.Type, known):
                        facts.Assignments.Add(new KeyValuePair<ISymbol, StreamOrigin>(target.OriginalDefinition, StreamOrigin.Of(assignment.Value, known, wrapper.Feature)));
                        break;
                    case IFieldInitializerOperation fieldInitializer:
                        foreach (var field in fieldInitializer.InitializedFields)
                        {
                            if (IsStreamOrPipe(field.Type, known))
                            {
                                facts.Assignments.Add(new KeyValuePair<ISymbol, StreamOrigin>(field.OriginalDefinition, StreamOrigin.Of(fieldInitializer.Value, known, wrapper.Feature)));
                            }
                        }

                        break;
                    case IPropertyInitializerOperation propertyInitializer:
                        foreach (var property in propertyInitializer.InitializedProperties)
                        {
                            if (IsStreamOrPipe(property.Type, known))
                            {
                                facts.Assignments.Add(new KeyValuePair<ISymbol, StreamOrigin>(property.OriginalDefinition, StreamOrigin.Of(propertyInitializer.Value, known, wrapper.Feature)));
                            }
                        }

                        break;
                }
            }
        }

        return facts;
    }

    /// <summary>Records what the <c>Stream</c> getter returns.</summary>
    public void AddStreamGetter(BodyFeatureWrapperRule.Wrapper wrapper, ImmutableArray<IOperation> blocks)
    {
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IReturnOperation { ReturnedValue: { } value })
                {
                    StreamGetter.Add(StreamOrigin.Of(value, wrapper.Known, wrapper.Feature));
                }
            }
        }
    }

    private static bool IsStreamOrPipe(ITypeSymbol? type, KnownTypes known)
        => KnownTypes.InheritsFromOrEquals(type, known.Stream) || KnownTypes.InheritsFromOrEquals(type, known.PipeWriter);
}
