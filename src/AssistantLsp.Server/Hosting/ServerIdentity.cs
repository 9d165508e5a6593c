using System.Reflection;
using AssistantLsp.Protocol.Types;

namespace AssistantLsp.Server.Hosting;

public static class ServerIdentity
{
    public const string Name = "assistant-lsp";

    public static string Version { get; } =
        typeof(ServerIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static ServerInfo Info { get; } = new(Name, Version);
}
