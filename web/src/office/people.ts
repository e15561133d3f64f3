import { get } from "../api/client";
import { useLoad } from "../components/useLoad";

/** Names of the group's staff by id (the directory), for "who" columns; empty until read. */
export function usePeople(): Map<string, string> {
  const people = useLoad(async () => {
    try {
      return (await get<{ items: { staff_id: string; display_name: string }[] }>("/auth/directory")).items;
    } catch {
      return [];
    }
  }, []);
  return new Map((people.data ?? []).map((p) => [p.staff_id, p.display_name]));
}
