import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApplicationSets1764140000000 implements MigrationInterface {
  name = 'ApplicationSets1764140000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "projects" (
        "name" text NOT NULL,
        "manifest" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_projects" PRIMARY KEY ("name")
      )`);
    // Argo CD's built-in default project: any repository, any destination, every kind.
    await queryRunner.query(
      `INSERT INTO "projects" ("name", "manifest") VALUES ('default', $1::jsonb)`,
      [
        JSON.stringify({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'AppProject',
          metadata: { name: 'default' },
          spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
        }),
      ],
    );
    await queryRunner.query(`
      CREATE TABLE "application_sets" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "manifest" jsonb NOT NULL,
        "generation" integer NOT NULL DEFAULT 1,
        "status" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_application_sets" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_application_sets_name" ON "application_sets" ("name")`);
    await queryRunner.query(`
      CREATE TABLE "applications" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "application_set" text,
        "orphaned_from" text,
        "cluster" text NOT NULL,
        "project" text NOT NULL,
        "labels" jsonb NOT NULL,
        "manifest" jsonb NOT NULL,
        "status" jsonb NOT NULL,
        "fingerprint" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_applications" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_applications_name" ON "applications" ("name")`);
    await queryRunner.query(`CREATE INDEX "ix_applications_application_set" ON "applications" ("application_set")`);
    await queryRunner.query(`CREATE INDEX "ix_applications_cluster" ON "applications" ("cluster")`);
    await queryRunner.query(`CREATE INDEX "ix_applications_project" ON "applications" ("project")`);
    await queryRunner.query(`CREATE INDEX "ix_applications_labels" ON "applications" USING GIN ("labels")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "applications"`);
    await queryRunner.query(`DROP TABLE "application_sets"`);
    await queryRunner.query(`DROP TABLE "projects"`);
  }
}
