using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>The data-protection key ring in the database (sealed under the master key), shared by every node.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122009000_DataProtectionKeys")]
public sealed class DataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "data_protection_keys",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                friendly_name = table.Column<string>(nullable: true),
                xml = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_data_protection_keys", x => x.id));
    }
}
