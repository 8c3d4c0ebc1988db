namespace WabaGate.Server.Data.Entities;

public sealed class Organization
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
