using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace AssistantLsp.Server.Dispatch;

/// <summary>
/// Newtonsoft fills a missing constructor argument with null; this finds the required (non-nullable)
/// members of our protocol records that came back null, so the client gets -32602 naming the field
/// instead of the server failing later.
/// </summary>
internal static class ParamsValidator
{
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> RequiredMembers = new();

    /// <summary>The dotted path of the first missing required member, or null when complete.</summary>
    public static string? FindMissing(object value, string path = "params", int depth = 0)
    {
        if (depth > 8)
        {
            return null;
        }

        foreach (var property in RequiredMembers.GetOrAdd(value.GetType(), RequiredProperties))
        {
            var member = property.GetValue(value);
            var memberPath = $"{path}.{char.ToLowerInvariant(property.Name[0])}{property.Name[1..]}";
            if (member is null)
            {
                return memberPath;
            }

            if (member is IEnumerable items and not string)
            {
                var i = 0;
                foreach (var item in items)
                {
                    if (item is not null && IsProtocolType(item.GetType()) && FindMissing(item, $"{memberPath}[{i}]", depth + 1) is { } inner)
                    {
                        return inner;
                    }

                    i++;
                }
            }
            else if (IsProtocolType(member.GetType()) && FindMissing(member, memberPath, depth + 1) is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static bool IsProtocolType(Type type) =>
        type.Namespace?.StartsWith("AssistantLsp.Protocol", StringComparison.Ordinal) == true && !type.IsEnum;

    private static PropertyInfo[] RequiredProperties(Type type)
    {
        if (!IsProtocolType(type))
        {
            return [];
        }

        lock (Nullability)
        {
            return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && !p.PropertyType.IsValueType
                            && Nullability.Create(p).ReadState == NullabilityState.NotNull)];
        }
    }
}
